import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { configFrom } from "../../workers/lead-intake/src/config/env";
import { DEMO_ORIGIN, leadsOf, person, resetAll, settled, submissionRow, submitJson, WORKER } from "./intake-helpers";

beforeEach(resetAll);

/** Tokens the test network edge understands (test/global/fake-siteverify.ts). */
const token = (kind: "pass" | "fail" | "error", extra = "") => `${kind}:${crypto.randomUUID()}${extra}`;
const submit = (body: Record<string, unknown>) => submitJson(body, {}, "protected");
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe("Turnstile on a form", () => {
  it("puts the widget in the form, bound to the form's id as its action", async () => {
    const html = await (
      await SELF.fetch(`${WORKER}/f/protected/fragment`, { headers: { Origin: DEMO_ORIGIN } })
    ).text();
    expect(html).toContain(
      '<div class="cf-turnstile" data-sitekey="1x00000000000000000000AA" data-action="protected">',
    );
    const page = await SELF.fetch(`${WORKER}/f/protected`);
    expect(page.headers.get("Content-Security-Policy")).toContain(
      "script-src 'self' https://challenges.cloudflare.com",
    );
  });

  it("accepts a token siteverify passes; the lead carries the listing", async () => {
    const p = person({
      "cf-turnstile-response": token("pass", ":protected"),
      listing_id: "L-204",
      mls_number: "SR26140231",
    });
    const res = await submit(p);
    expect(res.status).toBe(202);
    expect((await settled(p.submission_id as string)).state).toBe("delivered");
    const [lead] = await leadsOf(p.submission_id as string);
    expect(lead.property_interest).toBe("Listing L-204, MLS SR26140231");
    expect(lead.notes).toContain('Property inquiry via form "protected".');
  });

  it("asks for a token when there is none, and stores nothing", async () => {
    const p = person();
    const res = await submit(p);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("CAPTCHA_REQUIRED");
    expect(await submissionRow(p.submission_id as string)).toBeNull();
  });

  it("refuses a token siteverify refuses, or one made for another form or another site", async () => {
    for (const t of [token("fail"), token("pass", ":demo"), token("pass", ":protected:evil.example")]) {
      const p = person({ "cf-turnstile-response": t });
      const res = await submit(p);
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe("CAPTCHA_FAILED");
      expect(await submissionRow(p.submission_id as string)).toBeNull();
    }
  });

  it("fails closed when siteverify is unavailable", async () => {
    const p = person({ "cf-turnstile-response": token("error") });
    const res = await submit(p);
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("10");
    const e = await errorOf(res);
    expect(e.code).toBe("CAPTCHA_UNAVAILABLE");
    expect(e.message).not.toMatch(/siteverify|500/);
    expect(await submissionRow(p.submission_id as string)).toBeNull();
  });

  it("uses a token once: another submission with it is refused, a repeat of the same submission is not", async () => {
    const t = token("pass", ":protected");
    const first = person({ "cf-turnstile-response": t });
    expect((await submit(first)).status).toBe(202);
    expect((await submit(first)).status).toBe(202); // a double click: same id, same token
    const replay = person({ "cf-turnstile-response": t });
    const res = await submit(replay);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("CAPTCHA_FAILED");
    await settled(first.submission_id as string);
    expect(await leadsOf(first.submission_id as string)).toHaveLength(1);
  });

  it("never echoes the secret", async () => {
    const res = await submit(person({ "cf-turnstile-response": token("fail") }));
    expect(await res.text()).not.toContain(env.TURNSTILE_SECRET_KEY as string);
  });

  it("is a configuration error without the secret, named but not shown", () => {
    const broken = { ...env, TURNSTILE_SECRET_KEY: undefined } as unknown as Env;
    expect(() => configFrom(broken)).toThrow(/TURNSTILE_SECRET_KEY is required by the forms protected/);
  });
});
