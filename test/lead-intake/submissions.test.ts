import { SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { DEMO_ORIGIN, leadsOf, person, resetAll, settled, submissionRow, submitJson, WORKER } from "./intake-helpers";

beforeEach(resetAll);

const errorOf = async (res: Response) => {
  const body = (await res.json()) as {
    success: boolean;
    error: { code: string; message: string; details?: Array<{ field: string }> };
  };
  expect(body.success).toBe(false);
  return body.error;
};

describe("submitting the form", () => {
  it("accepts JSON with 202 and an id, and the lead appears in the API with the documented mapping", async () => {
    const p = person();
    const res = await submitJson(p);
    expect(res.status).toBe(202);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(DEMO_ORIGIN);
    const body = (await res.json()) as { data: { submissionId: string; status: string } };
    expect(body.data).toEqual({ submissionId: p.submission_id, status: "accepted" });
    expect((await settled(p.submission_id as string)).state).toBe("delivered");
    const [lead, ...more] = await leadsOf(p.submission_id as string);
    expect(more).toEqual([]);
    expect(lead).toMatchObject({
      name: "Dana Whitfield",
      email: p.email,
      phone: "(661) 555-0117",
      source: "Website Form / newsletter",
      lead_type: "buyer",
      timeline: "1-3 months",
      budget: 425000,
      message: "Looking for a 3-bedroom near Tehachapi.",
    });
    expect(lead.notes).toContain("utm_campaign=spring");
    expect(lead.notes).toContain("referrer=https://www.example.org/");
  });

  it("answers the same submission id with the same 202 and makes one lead (double click, browser retry)", async () => {
    const p = person();
    const [a, b] = await Promise.all([submitJson(p), submitJson(p)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(((await b.json()) as { data: { submissionId: string } }).data.submissionId).toBe(p.submission_id);
    await settled(p.submission_id as string);
    expect((await submitJson(p)).status).toBe(202);
    expect(await leadsOf(p.submission_id as string)).toHaveLength(1);
  });

  it("makes one lead from two submissions of one person within the form's window", async () => {
    const first = person();
    const second = person({ email: first.email, message: "Me again" });
    await submitJson(first);
    expect((await settled(first.submission_id as string)).state).toBe("delivered");
    await submitJson(second);
    const row = await settled(second.submission_id as string);
    expect(row.state).toBe("duplicate");
    expect(row.lead_id).toBe((await settled(first.submission_id as string)).lead_id);
    expect(await leadsOf(second.submission_id as string)).toEqual([]);
  });

  it("redirects a plain form post (no JavaScript) with 303 to the thank-you page", async () => {
    const p = person();
    const form = new URLSearchParams(Object.entries(p).map(([k, v]) => [k, String(v)]));
    const res = await SELF.fetch(`${WORKER}/f/demo`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: DEMO_ORIGIN },
      body: form.toString(),
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/f/demo/thanks");
    const thanks = await SELF.fetch(`${WORKER}/f/demo/thanks`);
    expect(thanks.status).toBe(200);
    expect(await thanks.text()).toContain("Thank you");
    expect((await settled(p.submission_id as string)).state).toBe("delivered");
  });

  it("answers a plain form post with problems with a 400 page, never JSON", async () => {
    const res = await SELF.fetch(`${WORKER}/f/demo`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: DEMO_ORIGIN },
      body: "name=&email=not-an-email",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain("Please enter your name");
  });
});

describe("refusals", () => {
  it("reports every field problem at once", async () => {
    const res = await submitJson({
      submission_id: crypto.randomUUID(),
      name: " ",
      email: "nope",
      budget: "lots",
      timeline: "someday",
    });
    expect(res.status).toBe(400);
    const e = await errorOf(res);
    expect(e.code).toBe("VALIDATION_ERROR");
    expect(e.details?.map((d) => d.field).sort()).toEqual(["budget", "email", "name", "timeline"]);
  });

  it("asks for an email or a phone", async () => {
    const e = await errorOf(await submitJson(person({ email: "", phone: "" })));
    expect(e.code).toBe("VALIDATION_ERROR");
    expect(e.details?.map((d) => d.field)).toEqual(["email"]);
  });

  it("refuses a filled honeypot and a too-fast submission as SPAM_SUSPECTED", async () => {
    for (const bad of [person({ website: "http://spam.example" }), person({ started_at: Date.now() - 200 })]) {
      const res = await submitJson(bad);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe("SPAM_SUSPECTED");
      expect(await submissionRow(bad.submission_id as string)).toBeNull();
    }
  });

  it("refuses other sites, answers preflights only for the form's origins", async () => {
    const res = await submitJson(person(), { Origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("ORIGIN_NOT_ALLOWED");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const ok = await SELF.fetch(`${WORKER}/f/demo`, {
      method: "OPTIONS",
      headers: {
        Origin: DEMO_ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("Access-Control-Allow-Origin")).toBe(DEMO_ORIGIN);
    const denied = await SELF.fetch(`${WORKER}/f/demo`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" },
    });
    expect(denied.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("refuses unknown forms, other content types and oversized bodies with envelope errors", async () => {
    expect((await errorOf(await submitJson(person(), {}, "nope"))).code).toBe("FORM_NOT_FOUND");
    const text = await SELF.fetch(`${WORKER}/f/demo`, {
      method: "POST",
      headers: { "Content-Type": "text/plain", Origin: DEMO_ORIGIN },
      body: "hi",
    });
    expect(text.status).toBe(415);
    expect((await errorOf(text)).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const big = await submitJson(person({ message: "x".repeat(40 * 1024) }));
    expect(big.status).toBe(413);
    expect((await errorOf(big)).code).toBe("PAYLOAD_TOO_LARGE");
    const malformed = await SELF.fetch(`${WORKER}/f/demo`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: DEMO_ORIGIN },
      body: "{",
    });
    expect((await errorOf(malformed)).code).toBe("VALIDATION_ERROR");
  });

  it("limits submissions per visitor with the rate limiting binding", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await submitJson(person(), { "CF-Connecting-IP": "198.51.100.9" })).status);
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    const limited = await submitJson(person(), { "CF-Connecting-IP": "198.51.100.9" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect((await errorOf(limited)).code).toBe("RATE_LIMITED");
  });
});
