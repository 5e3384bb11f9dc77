import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import {
  api,
  bridge,
  expectError,
  postIngest,
  resetAll,
  sandboxNow,
  signedWebhook,
  subscribeBridge,
} from "./bridge-helpers";
import { PREVIOUS_WEBHOOK_SECRET } from "./test-bindings";

beforeEach(resetAll);

const lead = {
  id: "0b5e4c1a-1111-4a4a-8a8a-000000000001",
  name: "Ana Ruiz",
  email: "ana@example.com",
  phone: null,
  source: "Zillow",
  status: "new",
};
const logRows = async () =>
  (await env.BRIDGE_DB.prepare("SELECT cursor, event, record_id, origin FROM events ORDER BY cursor").all()).results;

describe("POST /ingest", () => {
  it("logs a signed webhook from the sandbox, as the sandbox sent it", async () => {
    const sub = await subscribeBridge(["lead.created"]);
    const created = await api("POST", "/leads", { name: "Ana Ruiz", email: "ana@example.com", source: "Zillow" });
    const [relayed] = await sub.relay(1);
    expect(relayed?.answer.status).toBe(200);
    expect(relayed?.answer.body).toEqual({ status: "logged", cursor: expect.any(Number) });
    expect(await logRows()).toEqual([
      { cursor: relayed?.answer.body.cursor, event: "lead.created", record_id: created.data.id, origin: "webhook" },
    ]);
  });

  it("logs a repeated delivery (the same signed body) once", async () => {
    const hook = await signedWebhook("lead.created", lead);
    expect((await postIngest(hook)).body).toEqual({ status: "logged", cursor: expect.any(Number) });
    expect((await postIngest(hook)).body).toEqual({ status: "duplicate" });
    expect(await logRows()).toHaveLength(1);
  });

  it("logs one change once even when two bodies differ in bytes only (spec §3.4's event, id and timestamp)", async () => {
    const hook = await signedWebhook("lead.updated", lead);
    const reordered = JSON.stringify(JSON.parse(hook.body), null, 1);
    const again = {
      body: reordered,
      headers: (await signedWebhook("lead.updated", lead, { timestamp: JSON.parse(hook.body).timestamp })).headers,
    };
    again.headers["X-Webhook-Signature"] = await (
      await import("@actuallycare/shared/webhook-signature")
    ).signWebhookBody(env.WEBHOOK_SECRET, reordered);
    expect((await postIngest(hook)).body.status).toBe("logged");
    expect((await postIngest(again)).body).toEqual({ status: "duplicate" });
  });

  it("accepts the previous secret during a rotation", async () => {
    const r = await postIngest(await signedWebhook("lead.created", lead, { secret: PREVIOUS_WEBHOOK_SECRET }));
    expect(r.body.status).toBe("logged");
  });

  it("refuses a bad signature, a body changed after signing, and no signature", async () => {
    const hook = await signedWebhook("lead.created", lead, { secret: "some-other-secret-123" });
    expectError(await postIngest(hook), 401, "INVALID_SIGNATURE");
    const good = await signedWebhook("lead.created", lead);
    expectError(await postIngest({ ...good, body: good.body.replace("Ana", "Eve") }), 401, "INVALID_SIGNATURE");
    const { "X-Webhook-Signature": _, ...unsigned } = good.headers;
    expectError(await postIngest({ body: good.body, headers: unsigned }), 401, "INVALID_SIGNATURE");
    expect(await logRows()).toEqual([]);
  });

  it("refuses a stale or future timestamp by the sandbox's clock, and accepts one 25 minutes old", async () => {
    const now = await sandboxNow();
    const at = (ms: number) => ({ timestamp: new Date(now + ms).toISOString() });
    expectError(await postIngest(await signedWebhook("lead.created", lead, at(-31 * 60_000))), 400, "STALE_WEBHOOK");
    expectError(await postIngest(await signedWebhook("lead.created", lead, at(10 * 60_000))), 400, "STALE_WEBHOOK");
    expect((await postIngest(await signedWebhook("lead.created", lead, at(-25 * 60_000)))).status).toBe(200);
  });

  it("refuses an event header that does not match the signed body, and a body that is not an event", async () => {
    const hook = await signedWebhook("lead.created", lead);
    expectError(
      await postIngest({ ...hook, headers: { ...hook.headers, "X-Webhook-Event": "lead.deleted" } }),
      400,
      "EVENT_MISMATCH",
    );
    const notJson = "not json";
    const signature = await (await import("@actuallycare/shared/webhook-signature")).signWebhookBody(
      env.WEBHOOK_SECRET,
      notJson,
    );
    expectError(
      await postIngest({ body: notJson, headers: { ...hook.headers, "X-Webhook-Signature": signature } }),
      400,
      "INVALID_PAYLOAD",
    );
  });

  it("refuses a signed timestamp that is not ISO-8601 with a zone, and a body whose data is not a record", async () => {
    const local = await signedWebhook("lead.created", lead, { timestamp: "2026-07-15 14:32:10" });
    expectError(await postIngest(local), 400, "INVALID_PAYLOAD");
    expectError(
      await postIngest(
        await signedWebhook("lead.created", ["not", "a", "record"] as unknown as Record<string, unknown>),
      ),
      400,
      "INVALID_PAYLOAD",
    );
    expect(await logRows()).toEqual([]);
  });

  it("refuses a body over 256 KB before verifying it", async () => {
    const hook = await signedWebhook("lead.created", { ...lead, notes: "x".repeat(300 * 1024) });
    expectError(await postIngest(hook), 413, "PAYLOAD_TOO_LARGE");
  });

  it("acknowledges events it does not keep without logging them, and remembers the team for /me", async () => {
    const r = await postIngest(await signedWebhook("lead.deleted", { id: lead.id }, { teamId: "team-123" }));
    expect(r.body).toEqual({ status: "ignored" });
    expect(await logRows()).toEqual([]);
    expect((await bridge("/me")).body.team).toEqual({ id: "team-123" });
  });
});
