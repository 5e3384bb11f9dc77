import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, leadWithEmail, sandboxLeads, seriousViolations } from "./browser";

let browser: Browser;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const playground = () => inject("playgroundUrl");
const intake = () => inject("intakeUrl");
/** The demo form's minimum time-to-submit: a person is never faster, and neither are these tests. */
const MIN_SUBMIT_MS = 2_100;
const uniqueEmail = () => `visitor.${crypto.randomUUID().slice(0, 8)}@example.com`;

async function openDemoSite(ctx: BrowserContext, query = ""): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${playground()}/demo${query}`);
  await page.getByLabel("Your name").waitFor();
  return page;
}

describe("the form embedded on an agent's site (another origin)", () => {
  beforeAll(async () => {
    context = await browser.newContext({ bypassCSP: true });
  });
  afterAll(() => context.close());

  it("turns a person's submission into a lead, with first-touch attribution kept across page views", async () => {
    const first = await openDemoSite(context, "?utm_source=google&utm_medium=cpc&utm_campaign=fall-open-house");
    await first.close();
    const page = await openDemoSite(context); // a later page view, without UTM parameters
    const email = uniqueEmail();
    await page.getByLabel("Your name").fill("Priya Natarajan");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Phone").fill("(661) 555-0142");
    await page.getByLabel("When would you like to move?").selectOption("3-6 months");
    await page.getByLabel("Message").fill("Is the garage a two-car?");
    await page.waitForTimeout(MIN_SUBMIT_MS);
    await page.getByRole("button", { name: "Send" }).click();
    const status = page.getByRole("status");
    await expect.poll(() => status.textContent()).toContain("Thank you!");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("status");

    const lead = await leadWithEmail(email);
    expect(lead).toMatchObject({
      name: "Priya Natarajan",
      phone: "(661) 555-0142",
      timeline: "3-6 months",
      message: "Is the garage a two-car?",
      source: "Website Form / google",
      lead_type: "buyer",
      property_interest: "MLS SR26140231",
    });
    expect(lead.notes).toContain("utm_campaign=fall-open-house");
    expect(lead.notes).toContain(`landing page=${playground()}/demo?utm_source=google`);
  });

  it("shows validation errors inline, announced, focused on the first, and passes axe", async () => {
    const page = await openDemoSite(context);
    await page.getByLabel("Email").fill("not-an-email");
    await page.waitForTimeout(MIN_SUBMIT_MS);
    await page.getByRole("button", { name: "Send" }).click();
    const name = page.getByLabel("Your name");
    await expect.poll(() => name.getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByRole("alert").textContent()).toContain("Please correct the highlighted fields");
    expect(await name.evaluate((el) => el === document.activeElement)).toBe(true);
    const email = page.getByLabel("Email");
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    const described = (await email.getAttribute("aria-describedby")) ?? "";
    const messages = await page.evaluate(
      (ids) => ids.map((id) => document.getElementById(id)?.textContent ?? ""),
      described.split(" "),
    );
    expect(messages).toContain("Please enter a valid email address");
    expect(await seriousViolations(page)).toEqual([]);

    // Corrected, the same form goes through and the errors go away.
    await name.fill("Sam Ortega");
    await email.fill(uniqueEmail());
    await page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Thank you!");
  });

  it("works as a custom element beside another form, and a double click makes one lead", async () => {
    const page = await openDemoSite(context);
    await page.evaluate(() => {
      const el = document.createElement("actuallycare-form");
      el.setAttribute("form", "demo");
      el.dataset.listingId = "L-77";
      document.querySelector("main")?.append(el);
    });
    const second = page.locator("actuallycare-form");
    await second.getByLabel("Your name").waitFor();
    // Two forms on one page: every id is distinct, so every label still names its own field.
    const ids = await page.evaluate(() => [...document.querySelectorAll("[id]")].map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
    const email = uniqueEmail();
    await second.getByLabel("Your name").fill("Omar Haddad");
    await second.getByLabel("Email").fill(email);
    await page.waitForTimeout(MIN_SUBMIT_MS);
    await second.getByRole("button", { name: "Send" }).dblclick();
    await expect.poll(() => second.getByRole("status").textContent()).toContain("Thank you!");
    expect((await leadWithEmail(email)).property_interest).toBe("Listing L-77, MLS SR26140231");
    await page.waitForTimeout(1_500); // time for a second lead to arrive, if there were one
    expect((await sandboxLeads()).filter((l) => l.email === email)).toHaveLength(1);
  });

  it("refuses a too-fast click, then sends corrected details as a new submission after a lost answer (409)", async () => {
    const page = await openDemoSite(context);
    const first = uniqueEmail();
    await page.getByLabel("Your name").fill("Noor Rahimi");
    await page.getByLabel("Email").fill(first);
    // The first Send is clicked too soon: refused as automated, and the script fetches a new signed start time.
    await page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("looks automated");
    await page.waitForTimeout(MIN_SUBMIT_MS);
    // The next one reaches the server, but its answer is lost on the way back.
    await page.route(`${intake()}/f/demo`, async (route) => {
      await route.fetch();
      await route.abort("connectionreset");
    });
    await page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("could not reach the server");
    await page.unroute(`${intake()}/f/demo`);
    expect((await leadWithEmail(first)).name).toBe("Noor Rahimi");
    // The visitor corrects the email and sends again: the same submission id now carries other details.
    const corrected = uniqueEmail();
    await page.getByLabel("Email").fill(corrected);
    await page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("as a new message");
    await page.waitForTimeout(MIN_SUBMIT_MS);
    await page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Thank you!");
    expect((await leadWithEmail(corrected)).name).toBe("Noor Rahimi");
  });

  it("renders accessibly before any interaction, styled by the host page's custom properties", async () => {
    const page = await openDemoSite(context);
    // The demo site sets --acf-accent: #7a4b2a; the form's own defaults must not override it.
    const send = page.getByRole("button", { name: "Send" });
    expect(await send.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(122, 75, 42)");
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe("the hosted form with JavaScript off", () => {
  it("posts the plain form and lands on the thank-you page; the lead appears", async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(`${intake()}/f/demo`);
    const before = (await sandboxLeads()).length;
    const email = uniqueEmail();
    await page.getByLabel("Your name").fill("Lena Brooks");
    await page.getByLabel("Email").fill(email);
    await page.waitForTimeout(MIN_SUBMIT_MS);
    await Promise.all([
      page.waitForURL(`${intake()}/f/demo/thanks`),
      page.getByRole("button", { name: "Send" }).click(),
    ]);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Thank you");
    expect((await leadWithEmail(email)).name).toBe("Lena Brooks");
    expect((await sandboxLeads()).length).toBe(before + 1);
    await ctx.close();
  });

  it("re-renders the form with the errors when the server refuses it, and passes axe", async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(`${intake()}/f/demo`);
    // Native validation would stop an empty name; a phone the server refuses gets through to the server.
    await page.getByLabel("Your name").fill("Lena Brooks");
    await page.getByLabel("Phone").fill("call me");
    await page.waitForTimeout(MIN_SUBMIT_MS);
    await page.getByRole("button", { name: "Send" }).click();
    await page.waitForLoadState();
    expect(await page.getByRole("alert").textContent()).toContain("Please enter a valid phone number");
    expect(await page.getByLabel("Phone").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Your name").inputValue()).toBe("Lena Brooks");
    await ctx.close();
    const withScripts = await browser.newContext({ bypassCSP: true });
    const hosted = await withScripts.newPage();
    await hosted.goto(`${intake()}/f/demo`);
    expect(await seriousViolations(hosted)).toEqual([]);
    await withScripts.close();
  });
});
