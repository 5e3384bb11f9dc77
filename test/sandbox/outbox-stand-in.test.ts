import { beforeEach, describe, expect, it } from "vitest";
import { call } from "../support/sandbox-client";

const post = (body: unknown, headers: Record<string, string> = {}) =>
  call("/__outbox/emails", {
    method: "POST",
    body,
    headers: { Authorization: "Bearer re_local_test", ...headers },
  });

const email = {
  from: "Escrow Digest <digest@example.com>",
  to: "jordan.lee@example.com",
  subject: "2 deadlines today",
  html: "<p>Hi</p>",
  text: "Hi",
  headers: { "List-Unsubscribe": "<https://d.example/u?t=1>" },
};

beforeEach(async () => {
  await call("/__outbox", { method: "DELETE" });
});

describe("the playground's outbox (Resend-shaped stand-in)", () => {
  it("keeps what it is sent and lists it in the envelope as data.messages[]", async () => {
    const r = await post(email);
    expect(r.status).toBe(200);
    expect(r.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const list = await call("/__outbox");
    expect(list.body.success).toBe(true);
    expect(list.body.data.messages).toEqual([
      expect.objectContaining({
        id: r.body.id,
        to: ["jordan.lee@example.com"],
        from: email.from,
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: email.headers,
        receivedAt: expect.any(String),
      }),
    ]);
  });

  it("honours Idempotency-Key: a repeat returns the first answer and stores nothing; another body is 409", async () => {
    const first = await post(email, { "Idempotency-Key": "digest/2026-07-01/a" });
    const again = await post(email, { "Idempotency-Key": "digest/2026-07-01/a" });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const changed = await post({ ...email, subject: "other" }, { "Idempotency-Key": "digest/2026-07-01/a" });
    expect(changed.status).toBe(409);
    expect(changed.body.name).toBe("invalid_idempotent_request");
    expect((await call("/__outbox")).body.data.messages).toHaveLength(1);
  });

  it("refuses what the API refuses: no key, a bad body, an over-long idempotency key", async () => {
    const noAuth = await call("/__outbox/emails", { method: "POST", body: email });
    expect([noAuth.status, noAuth.body.name]).toEqual([401, "missing_api_key"]);
    const bad = await post({ to: "x@example.com" });
    expect([bad.status, bad.body.name]).toEqual([422, "validation_error"]);
    const long = await post(email, { "Idempotency-Key": "k".repeat(257) });
    expect(long.status).toBe(400);
    expect((await call("/__outbox")).body.data.messages).toHaveLength(0);
  });

  it("renders each message in a sandboxed frame on its page, escaped", async () => {
    await post({ ...email, subject: "<b>bold</b>", html: '<p onclick="x()">"quoted"</p>' });
    const page = await call("/__outbox/view");
    expect(page.status).toBe(200);
    expect(page.body).toContain('sandbox=""');
    expect(page.body).toContain("&#60;b&#62;bold&#60;/b&#62;");
    expect(page.body).not.toContain('<p onclick="x()">');
  });
});
