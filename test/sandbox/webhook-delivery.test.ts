import { beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { CapturedRequest } from "../support/captured-request";
import { call, fixtureKey, login, resetSandbox, USERS } from "../support/sandbox-client";

// Webhook delivery (spec §3): real API writes cause signed POSTs to the capture server.
const IP = "10.32.0.1";
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LOG_KEYS = [
  "attempt",
  "created_at",
  "delivered_at",
  "duration_ms",
  "event",
  "id",
  "payload",
  "response_body",
  "response_status",
  "success",
  "webhook_id",
].sort();

const captureUrl = inject("captureUrl");
let full: string;
let maria: string;
let run = 0;

beforeAll(async () => {
  full = await fixtureKey("full-access");
});
beforeEach(async () => {
  await resetSandbox();
  maria = (await login(USERS.maria, IP)).accessToken;
  run++;
});

/** A capture-server path unique to this test run (the server outlives resets and other files). */
const unique = (kind: string, name: string) => `/${kind}/wd-${run}-${name}-${Date.now().toString(36)}`;

async function subscribe(path: string, events: string[], secret = "delivery-secret-123"): Promise<{ id: string }> {
  const r = await call("/v1/webhooks", {
    method: "POST",
    token: maria,
    ip: IP,
    body: { url: `${captureUrl}${path}`, events, secret },
  });
  if (r.status !== 201) throw new Error(`subscribe failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data;
}

/** A lead created by Jordan's full-access key; Jordan is in Maria's team, so her subscriptions hear it. */
async function createLead(name = "Rachel Kim"): Promise<Record<string, unknown>> {
  const r = await call("/v1/leads", {
    method: "POST",
    key: full,
    ip: IP,
    body: { name, email: "rachel.kim@example.com", phone: "(661) 555-0198", source: "Website Form" },
  });
  if (r.status !== 201) throw new Error(`lead create failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data;
}

async function captured(path: string): Promise<CapturedRequest[]> {
  const res = await fetch(`${captureUrl}/__captured?path=${encodeURIComponent(path)}`);
  return (await res.json()) as CapturedRequest[];
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls (bounded) until `check` returns a value; flushing pending deliveries each round if asked. */
async function eventually<T>(check: () => Promise<T | undefined>, what: string, flush = false): Promise<T> {
  for (let i = 0; i < 100; i++) {
    if (flush) await call("/__sandbox/webhooks/flush", { method: "POST" });
    const v = await check();
    if (v !== undefined) return v;
    await pause(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const receivedAtLeast = (path: string, n: number, flush = false) =>
  eventually(
    async () => {
      const got = await captured(path);
      return got.length >= n ? got : undefined;
    },
    `${n} request(s) at ${path}`,
    flush,
  );

async function logs(id: string): Promise<any[]> {
  const r = await call(`/v1/webhooks/${id}/logs`, { token: maria, ip: IP });
  if (r.status !== 200) throw new Error(`logs failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data;
}

const logsAtLeast = (id: string, n: number, flush = false) =>
  eventually(
    async () => {
      const got = await logs(id);
      return got.length >= n ? got : undefined;
    },
    `${n} log row(s) for ${id}`,
    flush,
  );

/** Deliveries not yet finished (pending or in flight), from the sandbox control. */
async function pending(): Promise<number> {
  return (await call("/__sandbox/deliveries")).body.pending;
}

/** The signature recomputed here from the raw body, independently of the sandbox and shared code (spec §3.3). */
async function expectedSignature(secret: string, rawBody: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(rawBody)));
  return `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

describe("webhook delivery request", () => {
  it("POSTs a signed lead.created to the subscription, as §3.2 and §3.3 describe", async () => {
    await call("/__sandbox/clock", { method: "POST", body: { now: "2026-07-15T14:32:10.000Z", frozen: true } });
    maria = (await login(USERS.maria, IP)).accessToken; // the jump outlived the old token
    const path = unique("ok", "signed");
    const secret = "whsec_independent_check";
    const sub = await subscribe(path, ["lead.created"], secret);
    const lead = await createLead("Rachel Kim");

    const [req] = await receivedAtLeast(path, 1);
    if (!req) throw new Error("no request");
    expect(req.method).toBe("POST");
    expect(req.path).toBe(path);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["x-webhook-event"]).toBe("lead.created");
    expect(req.headers["x-webhook-timestamp"]).toBe("2026-07-15T14:32:10.000Z");
    expect(req.headers["x-webhook-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(req.headers["x-webhook-signature"]).toBe(await expectedSignature(secret, req.body));
    // A wrong secret must not verify (the check above is not vacuous).
    expect(req.headers["x-webhook-signature"]).not.toBe(await expectedSignature("sandbox_whsec_2026", req.body));

    const body = JSON.parse(req.body);
    expect(req.body).toBe(JSON.stringify(body)); // compact JSON
    expect(Object.keys(body)).toEqual(["event", "timestamp", "data", "team_id"]);
    expect(body.event).toBe(req.headers["x-webhook-event"]);
    expect(body.timestamp).toBe(req.headers["x-webhook-timestamp"]);
    expect(body.team_id).toMatch(UUID);
    expect(body.data).toEqual({
      id: lead.id,
      name: "Rachel Kim",
      email: "rachel.kim@example.com",
      phone: "(661) 555-0198",
      source: "Website Form",
      status: "new",
    });

    const [row] = await logsAtLeast(sub.id, 1);
    expect(Object.keys(row).sort()).toEqual(LOG_KEYS);
    expect(row).toMatchObject({
      webhook_id: sub.id,
      event: "lead.created",
      payload: req.body,
      attempt: 1,
      response_status: 200,
      success: true,
      created_at: "2026-07-15T14:32:10.000Z",
      delivered_at: "2026-07-15T14:32:10.000Z",
    });
    expect(row.id).toMatch(UUID);
    expect(row.response_body).toContain('"captured":true');
    expect(Number.isInteger(row.duration_ms) && row.duration_ms >= 0).toBe(true);

    const list = await call("/v1/webhooks", { token: maria, ip: IP });
    expect(list.body.data.find((w: { id: string }) => w.id === sub.id).last_triggered).toBe("2026-07-15T14:32:10.000Z");

    // The sandbox's own record of the outgoing request matches what the receiver got.
    const sent = await call(`/__sandbox/deliveries?webhook_id=${sub.id}`);
    expect(sent.status).toBe(200);
    expect(sent.body.data).toHaveLength(1);
    expect(sent.body.data[0]).toMatchObject({
      webhook_id: sub.id,
      event: "lead.created",
      url: `${captureUrl}${path}`,
      attempt: 1,
      body: req.body,
      response_status: 200,
      success: true,
    });
    expect(sent.body.data[0].headers["X-Webhook-Signature"]).toBe(req.headers["x-webhook-signature"]);
  });

  it("fires for JWT writes too, and signs with the secret as it is at delivery time", async () => {
    const path = unique("ok", "jwt");
    const sub = await subscribe(path, ["lead.created"], "first-secret-value");
    const put = await call(`/v1/webhooks/${sub.id}`, {
      method: "PUT",
      token: maria,
      ip: IP,
      body: { secret: "rotated-secret-value" },
    });
    expect(put.status).toBe(200);
    const r = await call("/v1/leads", { method: "POST", token: maria, ip: IP, body: { name: "Maria's Lead" } });
    expect(r.status).toBe(201);
    const [req] = await receivedAtLeast(path, 1);
    if (!req) throw new Error("no request");
    expect(req.headers["x-webhook-signature"]).toBe(await expectedSignature("rotated-secret-value", req.body));
    expect(JSON.parse(req.body).data).toMatchObject({ id: r.body.data.id, name: "Maria's Lead", email: null });
  });

  it("delivers only subscribed events; `all` receives everything", async () => {
    const leadsOnly = unique("ok", "leads-only");
    const escrowsOnly = unique("ok", "escrows-only");
    const everything = unique("ok", "all");
    const subEscrows = await subscribe(escrowsOnly, ["escrow.created"]);
    await subscribe(leadsOnly, ["lead.updated"]);
    await subscribe(everything, ["all"]);
    const lead = await createLead("Event Filter");
    const upd = await call(`/v1/leads/${lead.id}`, { method: "PUT", key: full, ip: IP, body: { status: "contacted" } });
    expect(upd.status).toBe(200);

    const all = await receivedAtLeast(everything, 2);
    expect(all.map((r) => r.headers["x-webhook-event"]).sort()).toEqual(["lead.created", "lead.updated"]);
    const updated = await receivedAtLeast(leadsOnly, 1);
    expect(updated.map((r) => r.headers["x-webhook-event"])).toEqual(["lead.updated"]);
    expect(JSON.parse(updated[0]?.body ?? "{}").data).toMatchObject({ id: lead.id, status: "contacted" });
    // Everything queued has been sent: nothing reached the escrow-only subscription.
    await eventually(async () => ((await pending()) === 0 ? true : undefined), "no pending deliveries", true);
    expect(await captured(escrowsOnly)).toEqual([]);
    expect(await logs(subEscrows.id)).toEqual([]);
  });

  it("sends nothing to a deactivated subscription", async () => {
    const gone = unique("ok", "deactivated");
    const control = unique("ok", "control");
    const sub = await subscribe(gone, ["lead.created"]);
    await subscribe(control, ["lead.created"]);
    const del = await call(`/v1/webhooks/${sub.id}`, { method: "DELETE", token: maria, ip: IP });
    expect(del.status).toBe(200);
    await createLead("Nobody Listens");
    await receivedAtLeast(control, 1);
    await eventually(async () => ((await pending()) === 0 ? true : undefined), "no pending deliveries", true);
    expect(await captured(gone)).toEqual([]);
    expect(await logs(sub.id)).toEqual([]);
  });

  it.each([
    ["DELETE", undefined],
    ["PUT", { active: false }],
  ])("drops pending retries when a subscription is deactivated by %s", async (method, body) => {
    const path = unique("status/500", `stop-retries-${method}`);
    const sub = await subscribe(path, ["lead.created"]);
    await createLead("Stopped Retries");
    await logsAtLeast(sub.id, 1);
    const off = await call(`/v1/webhooks/${sub.id}`, { method, body, token: maria, ip: IP });
    expect(off.status).toBe(200);
    expect(off.body.data.active).toBe(false);
    await call("/__sandbox/webhooks/flush", { method: "POST" });
    await eventually(async () => ((await pending()) === 0 ? true : undefined), "no pending deliveries", true);
    expect(await captured(path)).toHaveLength(1);
    expect((await logs(sub.id)).map((l) => l.attempt)).toEqual([1]);
  });

  it("sends webhook.test from the sandbox trigger", async () => {
    const path = unique("ok", "test-trigger");
    const secret = "trigger-secret-42";
    const sub = await subscribe(path, ["lead.created"], secret);
    const r = await call(`/__sandbox/webhooks/${sub.id}/test`, { method: "POST" });
    expect(r.status).toBe(202);
    expect(r.body.data).toEqual({ deliveryId: expect.stringMatching(UUID), event: "webhook.test" });
    const [req] = await receivedAtLeast(path, 1, true);
    if (!req) throw new Error("no request");
    expect(req.headers["x-webhook-event"]).toBe("webhook.test");
    expect(req.headers["x-webhook-signature"]).toBe(await expectedSignature(secret, req.body));
    const body = JSON.parse(req.body);
    expect(Object.keys(body)).toEqual(["event", "timestamp", "data", "team_id"]);
    expect(body.event).toBe("webhook.test");
    expect(body.timestamp).toMatch(ISO_MS);
    expect(body.timestamp).toBe(req.headers["x-webhook-timestamp"]);
    expect(Object.keys(body.data).sort()).toEqual(["message", "test"]);
    expect(body.data.test).toBe(true);
    expect(typeof body.data.message).toBe("string");
    const [row] = await logsAtLeast(sub.id, 1);
    expect(row).toMatchObject({ event: "webhook.test", attempt: 1, success: true, response_status: 200 });

    const unknown = await call("/__sandbox/webhooks/wh_000000000000/test", { method: "POST" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("NOT_FOUND");
  });
});

describe("webhook retries", () => {
  it("makes exactly 4 attempts to an always-failing receiver, one log row each, identical requests", async () => {
    const path = unique("status/500", "always");
    const secret = "retry-secret-0001";
    const sub = await subscribe(path, ["lead.created"], secret);
    await createLead("Always Failing");

    const rows = await logsAtLeast(sub.id, 4, true);
    await eventually(async () => ((await pending()) === 0 ? true : undefined), "no pending deliveries", true);
    // More flushing sends nothing further: no 5th attempt.
    const flush = await call("/__sandbox/webhooks/flush", { method: "POST" });
    expect(flush.status).toBe(200);
    expect(flush.body.data).toEqual({ sent: 0 });
    const final = await logs(sub.id);
    expect(final).toHaveLength(4);
    expect(final).toEqual(rows);
    expect(final.map((l) => l.attempt)).toEqual([4, 3, 2, 1]); // newest first
    for (const l of final) {
      expect(l).toMatchObject({
        webhook_id: sub.id,
        event: "lead.created",
        response_status: 500,
        success: false,
        delivered_at: null,
      });
      expect(l.response_body).toContain('"status":500');
      expect(l.payload).toBe(final[3].payload);
    }
    expect(new Set(final.map((l) => l.id)).size).toBe(4);
    const page2 = await call(`/v1/webhooks/${sub.id}/logs?limit=3&page=2`, { token: maria, ip: IP });
    expect(page2.body.data.map((l: { attempt: number }) => l.attempt)).toEqual([1]);

    const reqs = await captured(path);
    expect(reqs).toHaveLength(4);
    for (const req of reqs) {
      expect(req.body).toBe(final[0].payload);
      expect(req.headers["x-webhook-timestamp"]).toBe(reqs[0]?.headers["x-webhook-timestamp"]);
      expect(req.headers["x-webhook-signature"]).toBe(await expectedSignature(secret, req.body));
    }
    // The subscription is not auto-disabled.
    const list = await call("/v1/webhooks", { token: maria, ip: IP });
    const hook = list.body.data.find((w: { id: string }) => w.id === sub.id);
    expect(hook.active).toBe(true);
    expect(hook.last_triggered).toMatch(ISO_MS);
  });

  it("stops retrying after the first success", async () => {
    const path = unique("fail-then-ok/2", "flaky");
    const sub = await subscribe(path, ["lead.created"]);
    await createLead("Flaky Receiver");
    const rows = await logsAtLeast(sub.id, 3, true);
    for (let i = 0; i < 3; i++) await call("/__sandbox/webhooks/flush", { method: "POST" });
    expect(await pending()).toBe(0);
    expect(await logs(sub.id)).toEqual(rows);
    expect(rows.map((l) => [l.attempt, l.response_status, l.success, l.delivered_at === null])).toEqual([
      [3, 200, true, false],
      [2, 500, false, true],
      [1, 500, false, true],
    ]);
    expect(await captured(path)).toHaveLength(3);
  });

  it("records an unreachable receiver as response_status 0 with the error, and retries it", async () => {
    // The fixture subscription (hooks.example.com, a reserved name) hears lead.created but can never answer.
    await createLead("Nobody Home");
    const rows = await logsAtLeast("wh_3f9a1c7e2b40", 4, true);
    expect(rows.map((l) => l.attempt)).toEqual([4, 3, 2, 1]);
    for (const l of rows) {
      expect(l).toMatchObject({ event: "lead.created", response_status: 0, success: false, delivered_at: null });
      expect(typeof l.response_body).toBe("string");
      expect(l.response_body.length).toBeGreaterThan(0);
    }
  });

  it("retries on its own, by the alarm, when the delays are scaled down", async () => {
    await call("/__sandbox/config", { method: "POST", body: { webhookRetryScale: 0.0005 } });
    const path = unique("fail-then-ok/1", "alarm");
    const sub = await subscribe(path, ["lead.created"]);
    await createLead("Alarm Driven");
    // No flush: the retry (after 60 s × 0.0005 = 30 ms) must come from the Durable Object's alarm.
    const rows = await logsAtLeast(sub.id, 2);
    expect(rows.map((l) => [l.attempt, l.success])).toEqual([
      [2, true],
      [1, false],
    ]);
  });
});

describe("delivery does not block the API", () => {
  it("answers the write before a hanging receiver has answered", async () => {
    await call("/__sandbox/config", { method: "POST", body: { webhookTimeoutMs: 1500 } });
    const path = unique("hang", "slow");
    const sub = await subscribe(path, ["lead.created"]);
    const lead = await createLead("Hanging Receiver");
    // The write has returned; the delivery it caused is still unanswered.
    expect(lead.id).toMatch(UUID);
    await receivedAtLeast(path, 1);
    expect(await logs(sub.id)).toEqual([]);
    expect(await pending()).toBeGreaterThan(0);
    // Then the attempt times out and is logged as a failure with no HTTP status.
    const [row] = await logsAtLeast(sub.id, 1);
    expect(row).toMatchObject({ attempt: 1, response_status: 0, success: false, delivered_at: null });
    expect(row.duration_ms).toBeGreaterThanOrEqual(1000);
  });
});
