import { SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { DEMO_ORIGIN, leadsOf, person, resetAll, settled, signed, submissionRow, WORKER } from "./intake-helpers";

beforeEach(resetAll);

const AGENT_SITE = "https://agent.example.com";
const CONSENT = "I agree to be contacted about my home by phone, text and email.";

/** Every form control of a page with its label, and the ids it is described by. */
function controlsOf(page: string) {
  const ids = [...page.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
  return ids.map((id) => ({ id, labelled: page.includes(`<label for="${id}"`) }));
}

/** A plain form post; a numeric `started_at` becomes the signed token the page would carry (intake-helpers). */
const postForm = async (formId: string, values: Record<string, string | number>, origin = AGENT_SITE) => {
  const body = (await signed(values, formId)) as Record<string, string | number>;
  return SELF.fetch(`${WORKER}/f/${formId}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, "CF-Connecting-IP": "192.0.2.44" },
    body: new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString(),
    redirect: "manual",
  });
};

describe("the hosted form page", () => {
  it("is a real form posting to the worker, every control labelled, framed only by the form's sites", async () => {
    const res = await SELF.fetch(`${WORKER}/f/demo`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain(`frame-ancestors 'self' ${DEMO_ORIGIN}`);
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const page = await res.text();
    expect(page).toContain(`<form class="acf" method="post" action="${WORKER}/f/demo"`);
    expect(page).toMatch(/<h1 class="acf-title"/);
    expect(page).toMatch(/name="submission_id" value="[0-9a-f-]{36}"/);
    expect(page).toMatch(/name="started_at" value="\d{13}\.[A-Za-z0-9_-]{43}"/);
    expect(page).toMatch(/<div class="acf-hp" hidden>/);
    expect(page).toContain('<script src="/embed.js" defer></script>');
    const controls = controlsOf(page);
    expect(controls.map((c) => c.id)).toEqual(
      expect.arrayContaining(["acf-demo-name", "acf-demo-email", "acf-demo-phone", "acf-demo-timeline"]),
    );
    expect(controls.filter((c) => !c.labelled)).toEqual([]);
  });

  it("gives each view its own submission id", async () => {
    const idOf = async () =>
      /name="submission_id" value="([^"]+)"/.exec(await (await SELF.fetch(`${WORKER}/f/demo`)).text())?.[1];
    expect(await idOf()).not.toBe(await idOf());
  });

  it("answers an unknown form with the envelope's 404", async () => {
    const res = await SELF.fetch(`${WORKER}/f/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("FORM_NOT_FOUND");
  });
});

describe("the embed fragment", () => {
  it("is readable by the form's sites only, with ids unique per embed and the listing escaped", async () => {
    const url = `${WORKER}/f/demo/fragment?n=2&listing_id=${encodeURIComponent('"><script>alert(1)</script>')}&mls_number=SR1`;
    const ok = await SELF.fetch(url, { headers: { Origin: DEMO_ORIGIN } });
    expect(ok.headers.get("Access-Control-Allow-Origin")).toBe(DEMO_ORIGIN);
    const html = await ok.text();
    expect(html).toContain('id="acf-demo-2-name"');
    expect(html).toMatch(/<h2 class="acf-title"/);
    expect(html).not.toContain("<script>");
    expect(html).toContain('name="listing_id" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('name="mls_number" value="SR1"');
    const other = await SELF.fetch(url, { headers: { Origin: "https://evil.example" } });
    expect(other.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("carries the consent text and the fields of the form's intent", async () => {
    const html = await (await SELF.fetch(`${WORKER}/f/valuation/fragment`, { headers: { Origin: AGENT_SITE } })).text();
    expect(html).toContain(CONSENT);
    expect(html).toMatch(/<input id="acf-valuation-consent" name="consent" type="checkbox" value="true" required/);
    expect(html).toMatch(/id="acf-valuation-property_address" name="property_address" required/);
    expect(html).toContain("Request a home valuation");
    // With JavaScript the script sends the visitor to the same thank-you page a plain post redirects to.
    expect(html).toContain(`data-acf-thanks="${AGENT_SITE}/thanks"`);
  });
});

describe("a plain form post (no JavaScript)", () => {
  it("re-renders the form with the problems, the values kept, and the same submission id", async () => {
    const id = crypto.randomUUID();
    const res = await postForm("valuation", {
      submission_id: id,
      started_at: Date.now() - 20_000,
      name: "Ruth <Ames>",
      email: "ruth@example.com",
      website: "",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain("Please correct the highlighted fields");
    expect(page).toContain('value="Ruth &lt;Ames&gt;"');
    expect(page).toContain(`name="submission_id" value="${id}"`);
    expect(page).toMatch(
      /id="acf-valuation-consent"[^>]*aria-invalid="true" aria-describedby="acf-valuation-consent-error"/,
    );
    expect(page).toContain('<p class="acf-error" id="acf-valuation-property_address-error">Please enter the property');
    expect(page).toContain('<a href="#acf-valuation-consent">Please tick the box to agree</a>');
    expect(await submissionRow(id)).toBeNull();
  });

  it("gives a submission id that is no UUID a fresh one, so pressing Send again succeeds", async () => {
    const values = {
      submission_id: "not-a-uuid",
      started_at: Date.now() - 20_000,
      name: "Ruth Ames",
      email: "ruth.ames@example.com",
    };
    const res = await postForm("demo", values, DEMO_ORIGIN);
    expect(res.status).toBe(400);
    const page = await res.text();
    const fresh = /name="submission_id" value="([^"]*)"/.exec(page)?.[1];
    expect(fresh).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(page).toContain("Please press Send again.");
    expect(page).not.toContain("Expected a submission id");
    const started = /name="started_at" value="([^"]*)"/.exec(page)?.[1] ?? "";
    const again = await postForm(
      "demo",
      { ...values, submission_id: fresh as string, started_at: started },
      DEMO_ORIGIN,
    );
    expect(again.status).toBe(303);
    expect((await settled(fresh as string)).state).toBe("delivered");
  });

  it("links the error summary only to fields the page has", async () => {
    const res = await postForm(
      "valuation",
      {
        submission_id: crypto.randomUUID(),
        started_at: Date.now() - 20_000,
        name: "",
        email: "nope",
        listing_id: "L".repeat(101),
        budget: "lots", // not a field of this form: a tampered post
      },
      AGENT_SITE,
    );
    expect(res.status).toBe(400);
    const page = await res.text();
    const ids = new Set([...page.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
    const links = [...page.matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1]);
    expect(links).toEqual(["acf-valuation-name", "acf-valuation-email"]);
    expect(links.filter((l) => !ids.has(l))).toEqual([]);
    // The problems with no field on the page are still said, as text.
    expect(page).toContain("<li>Must be at most 100 characters</li>");
    expect(page).toContain("<li>Expected an amount</li>");
  });

  it("redirects to the form's thank-you URL and records the consent with the lead", async () => {
    const id = crypto.randomUUID();
    const res = await postForm("valuation", {
      submission_id: id,
      started_at: Date.now() - 20_000,
      name: "Ruth Ames",
      phone: "661-555-0199",
      property_address: "18 Quail Ct, Tehachapi, CA",
      timeline: "3-6 months",
      consent: "true",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`${AGENT_SITE}/thanks`);
    expect((await settled(id)).state).toBe("delivered");
    const [lead] = await leadsOf(id);
    expect(lead).toMatchObject({
      lead_type: "seller",
      source: "Valuation Form",
      property_interest: "18 Quail Ct, Tehachapi, CA",
    });
    expect(lead.notes).toContain('Home valuation request via form "valuation".');
    expect(lead.notes).toMatch(new RegExp(`Consent given at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z: "${CONSENT}"`));
  });

  it("accepts the hosted page's own origin, refuses a cross-site post without an allowed Origin", async () => {
    // As the hosted page posts it: the timeline select left at "Choose…" is an empty string.
    const own = await postForm("demo", { ...(person() as Record<string, string>), timeline: "" }, WORKER);
    expect(own.status).toBe(303);
    const sneaky = await SELF.fetch(`${WORKER}/f/demo`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site" },
      body: new URLSearchParams({ name: "x", email: "x@example.com" }).toString(),
    });
    expect(sneaky.status).toBe(403);
    expect(((await sneaky.json()) as { error: { code: string } }).error.code).toBe("ORIGIN_NOT_ALLOWED");
  });
});
