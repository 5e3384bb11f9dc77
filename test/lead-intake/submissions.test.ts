import { SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import {
  DEMO_ORIGIN,
  leadsOf,
  person,
  resetAll,
  settled,
  submissionRow,
  submitForm,
  submitJson,
  WORKER,
} from "./intake-helpers";

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

  it("delivers a submission with the longest attribution the schema takes, its source cut to the API's 100", async () => {
    const p = person({ utm_source: `google-${"x".repeat(193)}`, referrer: `https://r.example/${"r".repeat(1980)}` });
    expect((await submitJson(p, { "CF-Connecting-IP": "192.0.2.60" })).status).toBe(202);
    expect((await settled(p.submission_id as string)).state).toBe("delivered");
    const [lead] = await leadsOf(p.submission_id as string);
    expect(lead.source).toHaveLength(100);
    expect(lead.source).toMatch(/^Website Form \/ google-x+…$/);
    expect(lead.notes).toContain(`utm_source=${p.utm_source}`);
  });

  it("answers the same submission id with the same 202 and makes one lead (double click, browser retry)", async () => {
    const p = person();
    const [a, b] = await Promise.all([
      submitJson(p, { "CF-Connecting-IP": "192.0.2.61" }),
      submitJson(p, { "CF-Connecting-IP": "192.0.2.61" }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(((await b.json()) as { data: { submissionId: string } }).data.submissionId).toBe(p.submission_id);
    await settled(p.submission_id as string);
    expect((await submitJson(p, { "CF-Connecting-IP": "192.0.2.61" })).status).toBe(202);
    expect(await leadsOf(p.submission_id as string)).toHaveLength(1);
  });

  it("refuses a reused submission id with other content (409), never dropping it silently", async () => {
    const p = person();
    expect((await submitJson(p, { "CF-Connecting-IP": "192.0.2.62" })).status).toBe(202);
    for (const other of [{ email: "someone.else@example.com" }, { name: "Another Name" }, { message: "Changed" }]) {
      const res = await submitJson({ ...p, ...other }, { "CF-Connecting-IP": "192.0.2.62" });
      expect(res.status).toBe(409);
      const e = await errorOf(res);
      expect(e.code).toBe("SUBMISSION_ID_REUSED");
      expect(e.message).toContain("new submission id");
    }
    await settled(p.submission_id as string);
    const [lead, ...more] = await leadsOf(p.submission_id as string);
    expect(more).toEqual([]);
    expect(lead).toMatchObject({ name: p.name, email: p.email, message: p.message });
  });

  it("takes the same content, however it is written, and an upper-cased id as the same submission", async () => {
    const p = person();
    expect((await submitJson(p, { "CF-Connecting-IP": "192.0.2.63" })).status).toBe(202);
    const sameAgain = {
      ...p,
      submission_id: (p.submission_id as string).toUpperCase(),
      email: `  ${(p.email as string).toUpperCase()} `,
      name: ` ${p.name}  `,
      budget: "$425,000",
    };
    const res = await submitJson(sameAgain, { "CF-Connecting-IP": "192.0.2.63" });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { data: { submissionId: string } }).data.submissionId).toBe(p.submission_id);
    expect(
      (await submitJson({ ...sameAgain, phone: "(661) 555-0100" }, { "CF-Connecting-IP": "192.0.2.63" })).status,
    ).toBe(409);
    expect((await settled(p.submission_id as string)).state).toBe("delivered");
    expect(await leadsOf(p.submission_id as string)).toHaveLength(1);
  });

  it("offers a visitor without JavaScript to send a reused id's other details as a new submission", async () => {
    const p = person();
    expect((await submitJson(p, { "CF-Connecting-IP": "192.0.2.64" })).status).toBe(202);
    const post = (values: Record<string, unknown>) => submitForm(values, { "CF-Connecting-IP": "192.0.2.64" });
    // The answer got lost, and the visitor corrected the email before sending again.
    const corrected = { ...p, email: "dana.whitfield@example.com" };
    const res = await post(corrected);
    expect(res.status).toBe(409);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain("press Send again: they will go as a new message");
    expect(page).toContain('value="dana.whitfield@example.com"');
    const fresh = /name="submission_id" value="([^"]+)"/.exec(page)?.[1];
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh).not.toBe(p.submission_id);
    // Send pressed again: the page's own hidden fields, the visitor's values.
    const started = /name="started_at" value="([^"]+)"/.exec(page)?.[1];
    const again = await post({ ...corrected, submission_id: fresh, started_at: started });
    expect(again.status).toBe(303);
    expect((await settled(fresh as string)).state).toBe("delivered");
    expect((await leadsOf(fresh as string))[0]).toMatchObject({ email: "dana.whitfield@example.com" });
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
    const res = await submitForm(p);
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/f/demo/thanks");
    const thanks = await SELF.fetch(`${WORKER}/f/demo/thanks`);
    expect(thanks.status).toBe(200);
    expect(await thanks.text()).toContain("Thank you");
    expect((await settled(p.submission_id as string)).state).toBe("delivered");
  });

  it("answers a plain form post with problems with a 400 page, never JSON", async () => {
    const started_at = Date.now() - 30_000;
    const res = await submitForm({ submission_id: crypto.randomUUID(), started_at, name: "", email: "not-an-email" });
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
      started_at: Date.now() - 30_000,
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
