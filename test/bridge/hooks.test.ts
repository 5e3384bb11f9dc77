import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { fanOut, type HookMessage } from "../../workers/bridge/src/hooks/fan-out";
import {
  api,
  bridge,
  eventually,
  expectError,
  fakeTargets,
  postIngest,
  resetAll,
  runQueue,
  signedWebhook,
} from "./bridge-helpers";
import { READ_TOKEN } from "./test-bindings";

beforeEach(resetAll);

const lead = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  name: `Lead ${n}`,
  email: `lead${n}@example.com`,
  phone: null,
  source: "Zillow",
  status: "new",
  ...extra,
});

const subscribe = (body: unknown, token?: string) =>
  bridge("/hooks", { method: "POST", body, ...(token ? { token } : {}) });
const deliveries = async () =>
  (
    await env.BRIDGE_DB.prepare(
      "SELECT hook_id, cursor, state, attempts, last_status, last_error FROM hook_deliveries ORDER BY cursor",
    ).all<any>()
  ).results;

/** Fans an entry out to a recording queue instead of the real one, so the test delivers the messages itself. */
async function fanOutOnly(cursor: number): Promise<HookMessage[]> {
  const sent: HookMessage[] = [];
  const queue = { sendBatch: async (m: Array<{ body: HookMessage }>) => void sent.push(...m.map((x) => x.body)) };
  await fanOut(env.BRIDGE_DB, queue as unknown as Queue<HookMessage>, cursor, Date.now());
  return sent;
}

/** Logs a webhook without fan-out (its row's fanned_out flag is then set by fanOutOnly). */
async function logOnly(event: string, data: Record<string, unknown>): Promise<number> {
  const { ingestWebhook } = await import("../../workers/bridge/src/ingest/ingest-webhook");
  const hook = await signedWebhook(event, data);
  const body = JSON.parse(hook.body);
  const outcome = await ingestWebhook(
    env.BRIDGE_DB,
    { event, timestampMs: Date.parse(body.timestamp), data, teamId: null, bodyHash: crypto.randomUUID() },
    Date.now(),
  );
  if (outcome.status !== "logged") throw new Error(`not logged: ${outcome.status}`);
  return outcome.cursor;
}

describe("REST hooks: subscribe, list, unsubscribe", () => {
  it("subscribes, lists the token's own hooks and unsubscribes", async () => {
    const r = await subscribe({ event: "lead.created", target_url: "https://hooks.zapier.com/hooks/standard/1/abc" });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^hk_[0-9a-f]{24}$/),
      event: "lead.created",
      target_url: "https://hooks.zapier.com/hooks/standard/1/abc",
      filter: null,
      created_at: expect.any(String),
    });
    expect((await bridge("/hooks")).body.map((h: any) => h.id)).toEqual([r.body.id]);
    // Another token neither sees nor ends it.
    expect((await bridge("/hooks", { token: READ_TOKEN })).body).toEqual([]);
    expectError(await bridge(`/hooks/${r.body.id}`, { method: "DELETE", token: READ_TOKEN }), 404, "NOT_FOUND");
    expect((await bridge(`/hooks/${r.body.id}`, { method: "DELETE" })).body).toEqual({ id: r.body.id, deleted: true });
    expect((await bridge("/hooks")).body).toEqual([]);
    expectError(await bridge(`/hooks/${r.body.id}`, { method: "DELETE" }), 404, "NOT_FOUND");
  });

  it("refuses http targets (except localhost in development), unknown events and filters on fields the event lacks", async () => {
    const e = expectError(
      await subscribe({ event: "lead.created", target_url: "http://example.com/x" }),
      400,
      "VALIDATION_ERROR",
    );
    expect(e.details).toEqual([{ field: "target_url", message: expect.stringContaining("https://") }]);
    expect((await subscribe({ event: "lead.created", target_url: "http://localhost:3000/x" })).status).toBe(201);
    expectError(
      await subscribe({ event: "lead.vanished", target_url: "https://x.example.org" }),
      400,
      "VALIDATION_ERROR",
    );
    const f = expectError(
      await subscribe({
        event: "lead.created",
        target_url: "https://x.example.org",
        filter: { fields: { price: { equals: 1 } }, closing_within_days: 3 },
      }),
      400,
      "VALIDATION_ERROR",
    );
    expect(f.details.map((d: any) => d.field).sort()).toEqual(["filter.closing_within_days", "filter.fields.price"]);
    expectError(await subscribe({ event: "lead.created" }, "not-a-token-at-all-000000000"), 401, "INVALID_TOKEN");
  });
});

describe("REST hooks: delivery through the queue", () => {
  it("queues each new webhook entry for its hooks, through the real queue, from /ingest", async () => {
    const hook = (await subscribe({ event: "lead.created", target_url: "https://hooks.zapier.com/hooks/1" })).body;
    await subscribe({ event: "lead.updated", target_url: "https://hooks.zapier.com/hooks/2" });
    const r = await postIngest(await signedWebhook("lead.created", lead(1)));
    expect(await deliveries()).toEqual([
      expect.objectContaining({ hook_id: hook.id, cursor: r.body.cursor, state: "queued" }),
    ]);
    // The real consumer attempts it; tests have no network, so the target "fails" and it waits for a retry.
    const [attempted] = await eventually(deliveries, (d) => d[0]?.attempts >= 1);
    expect(attempted).toMatchObject({ state: "queued", last_status: 502, last_error: "HTTP_502" });
  });

  it("posts the item a poll would return, and records the delivery", async () => {
    const hook = (await subscribe({ event: "lead.created", target_url: "https://target.example.org/ok" })).body;
    const cursor = await logOnly("lead.created", lead(1));
    const messages = await fanOutOnly(cursor);
    expect(messages).toEqual([{ hookId: hook.id, cursor }]);
    const targets = fakeTargets();
    const result = await runQueue("bridge-hook-deliveries", messages, { overrides: { hookFetch: targets.fetch } });
    expect(result.explicitAcks).toEqual(["msg-0"]);
    const polled = (await bridge("/triggers/lead.created")).body[0];
    expect(targets.received).toEqual([
      {
        url: "https://target.example.org/ok",
        headers: expect.objectContaining({ "x-bridge-hook-id": hook.id, "x-bridge-event": "lead.created" }),
        body: polled,
      },
    ]);
    expect(await deliveries()).toEqual([
      expect.objectContaining({ state: "delivered", attempts: 1, last_status: 200 }),
    ]);
    // A redelivered message (the queue is at-least-once) does not post again.
    await runQueue("bridge-hook-deliveries", messages, { overrides: { hookFetch: targets.fetch } });
    expect(targets.received).toHaveLength(1);
  });

  it("retries failures with a growing backoff, honours Retry-After, and keeps an exhausted one as dead", async () => {
    await subscribe({ event: "lead.created", target_url: "https://target.example.org/fail" });
    await subscribe({ event: "lead.created", target_url: "https://target.example.org/busy" });
    await subscribe({ event: "lead.created", target_url: "https://target.example.org/boom" });
    const messages = await fanOutOnly(await logOnly("lead.created", lead(1)));
    const targets = fakeTargets();
    const first = await runQueue("bridge-hook-deliveries", messages, { overrides: { hookFetch: targets.fetch } });
    const second = await runQueue("bridge-hook-deliveries", messages, {
      attempts: 2,
      overrides: { hookFetch: targets.fetch },
    });
    expect(first.retryMessages.map((r) => r.delaySeconds).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([30, 30, 120]);
    expect(second.retryMessages.map((r) => r.delaySeconds).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([60, 60, 120]);
    expect((await deliveries()).map((d) => d.last_error).sort()).toEqual(["HTTP_429", "HTTP_500", "NETWORK_ERROR"]);
    await runQueue("bridge-hook-dead-letters", messages);
    expect((await deliveries()).map((d) => d.state)).toEqual(["dead", "dead", "dead"]);
  });

  it("unsubscribes a hook whose target answers 410 Gone", async () => {
    const hook = (await subscribe({ event: "lead.created", target_url: "https://target.example.org/gone" })).body;
    const messages = await fanOutOnly(await logOnly("lead.created", lead(1)));
    const result = await runQueue("bridge-hook-deliveries", messages, {
      overrides: { hookFetch: fakeTargets().fetch },
    });
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect((await bridge("/hooks")).body).toEqual([]);
    expect((await deliveries())[0].state).toBe("gone");
    const row = await env.BRIDGE_DB.prepare("SELECT active, end_reason FROM hooks WHERE id = ?").bind(hook.id).first();
    expect(row).toEqual({ active: 0, end_reason: "gone" });
    // Later entries are not queued for it.
    expect(await fanOutOnly(await logOnly("lead.created", lead(2)))).toEqual([]);
  });

  it("filters on fields (equals, one of; text in any case) before queuing", async () => {
    const zillow = (
      await subscribe({
        event: "lead.created",
        target_url: "https://t.example.org/ok/1",
        filter: { fields: { source: { equals: "zillow" } } },
      })
    ).body;
    const hot = (
      await subscribe({
        event: "lead.created",
        target_url: "https://t.example.org/ok/2",
        filter: { fields: { status: { one_of: ["contacted", "qualified"] } } },
      })
    ).body;
    expect((await fanOutOnly(await logOnly("lead.created", lead(1)))).map((m) => m.hookId)).toEqual([zillow.id]);
    expect(
      (await fanOutOnly(await logOnly("lead.created", lead(2, { source: "Referral", status: "qualified" })))).map(
        (m) => m.hookId,
      ),
    ).toEqual([hot.id]);
  });

  it("filters escrows closing within N days by the escrow's closing date, read from the API", async () => {
    // ESC-2026-0042 closes 2026-07-20, ESC-2026-0043 on 2026-07-28; the sandbox clock reads 2026-07-01.
    const escrows = (await api("GET", "/escrows?limit=100")).data.escrows as any[];
    const soon = escrows.find((e) => e.display_id === "ESC-2026-0042");
    const later = escrows.find((e) => e.display_id === "ESC-2026-0043");
    await subscribe({
      event: "escrow.status_changed",
      target_url: "https://t.example.org/ok",
      filter: { closing_within_days: 21 },
    });
    const data = (e: any) => ({
      id: e.id,
      escrow_number: e.display_id,
      property_address: e.property_address,
      previous_status: "pending",
      status: "active",
    });
    const messages = [
      ...(await fanOutOnly(await logOnly("escrow.status_changed", data(soon)))),
      ...(await fanOutOnly(await logOnly("escrow.status_changed", data(later)))),
    ];
    const targets = fakeTargets();
    await runQueue("bridge-hook-deliveries", messages, { overrides: { hookFetch: targets.fetch } });
    expect(targets.received.map((r) => r.body.escrow_number)).toEqual(["ESC-2026-0042"]);
    expect((await deliveries()).map((d) => d.state)).toEqual(["delivered", "filtered"]);
  });
});
