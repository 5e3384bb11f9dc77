import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, seriousViolations } from "./browser";

let browser: Browser;
let context: BrowserContext;
/** Every request the page made outside the digest worker (aborted: an email must not load anything). */
const external: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  // An email client does not apply the preview's CSP, so neither do we: what the HTML itself loads is what counts.
  context = await browser.newContext({ bypassCSP: true });
  const digest = inject("digestUrl");
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (!url.startsWith(`${digest}/`)) {
      external.push(url);
      return route.abort();
    }
    // The operator token only on the worker's own requests, never to another origin.
    return route.continue({
      headers: { ...route.request().headers(), authorization: `Bearer ${inject("digestOperatorToken")}` },
    });
  });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

async function openPreview(recipient: string): Promise<Page> {
  const page = await context.newPage();
  const res = await page.goto(`${inject("digestUrl")}/preview?recipient=${encodeURIComponent(recipient)}`);
  expect(res?.status()).toBe(200);
  expect(res?.headers()["content-type"]).toMatch(/^text\/html/);
  return page;
}

describe("the escrow digest's preview, as the recipient's email client shows it", () => {
  it("renders the sandbox's deadlines under headings, loads nothing from elsewhere, and passes axe", async () => {
    const page = await openPreview("jordan.lee@example.com");
    // Today is the sandbox clock's (the fixtures' Wednesday, 2026-07-01), through DEV_CLOCK_URL.
    const title = await page.title();
    expect(title).not.toBe("");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(title);
    const sections = await page.getByRole("heading", { level: 2 }).allTextContents();
    expect(sections).toEqual(expect.arrayContaining([expect.stringMatching(/^Due today \(\d+\)$/)]));
    expect(sections.some((s) => /^Next week \(\d+\)$/.test(s))).toBe(true);
    expect(await page.getByText("Escrow digest · Wed, Jul 1").count()).toBe(1);
    expect(await page.getByText("For Jordan Lee.", { exact: false }).count()).toBe(1);

    // A deadline row: its label, when it falls, and the escrow's id linked into the app.
    const rows = page.locator("tr:has(> td > strong)");
    expect(await rows.count()).toBeGreaterThan(0);
    const first = rows.first();
    expect(await first.locator("strong").textContent()).toMatch(/\w/);
    expect(await first.textContent()).toMatch(/\((today|tomorrow|in \d+ days|\d+ days? late)\)/);
    const escrowLink = first.getByRole("link", { name: /^ESC-\d{4}-\d{4}$/ });
    expect(await escrowLink.getAttribute("href")).toMatch(
      /^https:\/\/app\.actuallycare\.com\/escrows\/ESC-\d{4}-\d{4}$/,
    );
    // The buyer-side escrow whose contingencies fall next week, for this buyer's agent.
    expect(await page.getByRole("link", { name: "ESC-2026-0042" }).count()).toBeGreaterThan(0);
    const unsubscribe = page.getByRole("link", { name: "Unsubscribe" });
    expect(await unsubscribe.getAttribute("href")).toMatch(new RegExp(`^${inject("digestUrl")}/unsubscribe\\?token=`));

    // Nothing an email would load: no image, sheet, script, frame or font, requested or in the markup.
    await page.waitForLoadState("networkidle");
    expect(external).toEqual([]);
    expect(await page.locator("img, link[rel], script, iframe, object, embed, video, audio, source").count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toMatch(/url\(/i);

    expect(await seriousViolations(page)).toEqual([]);
  });

  it("needs the operator token: without it, 401 in the API's envelope", async () => {
    const res = await fetch(`${inject("digestUrl")}/preview?recipient=jordan.lee%40example.com`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
  });
});
