import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("the Chromium the browser tests drive", () => {
  // Without a font Chromium lays text out zero pixels wide and draws nothing: axe and screenshots would see no text.
  it("renders text with a real font", async () => {
    const page = await browser.newPage();
    await page.setContent("<p><span id=probe>Your name</span></p>");
    const width = await page.locator("#probe").evaluate((el) => el.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(20);

    const cdp = await page.context().newCDPSession(page);
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument");
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "#probe" });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    expect(fonts.reduce((glyphs, f) => glyphs + f.glyphCount, 0)).toBe("Your name".length);
    await page.close();
  });
});
