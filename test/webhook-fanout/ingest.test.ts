import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sha256Hex } from "@actuallycare/shared/webhooks/actuallycare";
import { afterEach, describe, expect, it, vi } from "vitest";
import { configFrom } from "../../workers/webhook-fanout/src/config/env";
import type { DeliveryMessage } from "../../workers/webhook-fanout/src/delivery/message";
import { acceptEvent } from "../../workers/webhook-fanout/src/ingest/accept-event";
import { deliveryRows, eventBody, eventually, inboxWith, ingest, WORKER } from "./fanout-helpers";

afterEach(() => vi.restoreAllMocks());

type Envelope = { success: boolean; data?: any; error?: { code: string; message: string } };
const idOf = (raw: string) => sha256Hex(new TextEncoder().encode(raw));
const storedCount = async (raw: string) =>
  (
    await env.FANOUT_DB.prepare("SELECT count(*) AS n FROM events WHERE id = ?")
      .bind(await idOf(raw))
      .first<{ n: number }>()
  )?.n;
const lead = (marker: string, extra: Record<string, unknown> = {}) =>
  eventBody("lead.created", { id: crypto.randomUUID(), name: marker, source: "Website Form", status: "new", ...extra });
const marker = () => `Ingest ${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;

async function expectRefused(res: Response, status: number, code: string) {
  const body = (await res.json()) as Envelope;
  expect([res.status, body.success, body.error?.code]).toEqual([status, false, code]);
  return body;
}

describe("POST /ingest", () => {
  it("accepts a signed event only after it is stored with one queued delivery per matching destination", async () => {
    const raw = lead(marker());
    const res = await ingest(raw);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Envelope;
    expect(body.data).toEqual({
      eventId: await idOf(raw),
      duplicate: false,
      destinations: ["slack", "teams", "discord", "http"],
    });
    expect(await storedCount(raw)).toBe(1);
    const rows = await deliveryRows(await idOf(raw));
    expect(rows.map((r) => r.destination_id)).toEqual(["discord", "http", "slack", "teams"]);
    expect(rows.every((r) => r.generation === 0)).toBe(true);
  });

  it("dedupes: the same bytes again (a retry, a second subscription) are acknowledged and reach each destination once", async () => {
    const m = marker();
    const raw = lead(m);
    expect(((await (await ingest(raw)).json()) as Envelope).data.duplicate).toBe(false);
    const again = (await (await ingest(raw)).json()) as Envelope;
    expect(again.data).toMatchObject({ duplicate: true, destinations: ["discord", "http", "slack", "teams"] });
    await eventually(
      () => deliveryRows(again.data.eventId),
      (rows) => rows.every((r) => r.state === "delivered"),
    );
    await new Promise((r) => setTimeout(r, 500));
    for (const inbox of ["slack", "teams", "discord", "http"]) expect(await inboxWith(inbox, m)).toHaveLength(1);
  });

  it("accepts the previous secret during a rotation", async () => {
    const raw = lead(marker());
    expect((await ingest(raw, { secret: env.ACTUALLYCARE_WEBHOOK_SECRET_PREVIOUS })).status).toBe(200);
  });

  it("refuses a bad or missing signature with 401, storing nothing and logging nothing of the body", async () => {
    const m = marker();
    const raw = lead(m);
    const logged: string[] = [];
    for (const level of ["log", "warn", "error", "info", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    }
    await expectRefused(await ingest(raw, { secret: "someone-elses-secret" }), 401, "SIGNATURE_INVALID");
    await expectRefused(await ingest(raw, { headers: { "X-Webhook-Signature": "" } }), 401, "SIGNATURE_REQUIRED");
    const tampered = raw.replace(m, `${m}x`);
    await expectRefused(
      await SELF.fetch(`${WORKER}/ingest`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Webhook-Event": "lead.created",
          "X-Webhook-Signature": `sha256=${"0".repeat(64)}`,
        },
        body: tampered,
      }),
      401,
      "SIGNATURE_INVALID",
    );
    expect(await storedCount(tampered)).toBe(0);
    expect(logged.join("\n")).not.toContain(m);
  });

  it("refuses stale and future events with their own code, and a body whose event differs from the header", async () => {
    const window = configFrom(env).settings.maxAgeMs;
    const stale = eventBody("lead.created", { name: marker() }, new Date(Date.now() - window - 60_000));
    await expectRefused(await ingest(stale), 401, "TIMESTAMP_OUT_OF_RANGE");
    expect(await storedCount(stale)).toBe(0);
    const future = eventBody("lead.created", { name: marker() }, new Date(Date.now() + 60 * 60_000));
    await expectRefused(await ingest(future), 401, "TIMESTAMP_OUT_OF_RANGE");
    const retried = eventBody("lead.created", { name: marker() }, new Date(Date.now() - 21 * 60_000));
    expect((await ingest(retried)).status).toBe(200); // ActuallyCare's last retry is still fresh
    await expectRefused(
      await ingest(lead(marker()), { headers: { "X-Webhook-Event": "lead.deleted" } }),
      400,
      "EVENT_MISMATCH",
    );
  });

  it("answers malformed JSON 400, not-JSON 415, oversized 413 and other methods 405, in the envelope", async () => {
    const { signWebhookBody } = await import("@actuallycare/shared/webhook-signature");
    const broken = '{"event":"lead.created", broken';
    const post = (body: string, headers: Record<string, string>) =>
      SELF.fetch(`${WORKER}/ingest`, { method: "POST", headers, body });
    await expectRefused(
      await post(broken, {
        "Content-Type": "application/json",
        "X-Webhook-Event": "lead.created",
        "X-Webhook-Signature": await signWebhookBody(env.ACTUALLYCARE_WEBHOOK_SECRET, broken),
      }),
      400,
      "INVALID_JSON",
    );
    await expectRefused(
      await post("event=lead.created", { "Content-Type": "application/x-www-form-urlencoded" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    await expectRefused(await post("{}", {}), 415, "UNSUPPORTED_MEDIA_TYPE");
    const huge = JSON.stringify({
      event: "lead.created",
      timestamp: new Date().toISOString(),
      data: { notes: "x".repeat(1_100_000) },
    });
    await expectRefused(await post(huge, { "Content-Type": "application/json" }), 413, "PAYLOAD_TOO_LARGE");
    const get = await SELF.fetch(`${WORKER}/ingest`);
    expect(get.headers.get("Allow")).toBe("POST");
    await expectRefused(get, 405, "METHOD_NOT_ALLOWED");
    // A real payload is far below the limit: a 100 KB note goes through.
    expect((await ingest(lead(marker(), { notes: "n".repeat(100_000) }))).status).toBe(200);
  });

  it("accepts unknown event types and routes them by the rules (here: the `*` destinations)", async () => {
    const raw = eventBody("care_status.flagged", { level: 3, note: marker() });
    const res = await ingest(raw);
    expect(((await res.json()) as Envelope).data.destinations).toEqual(["slack", "discord", "http"]);
  });
});

describe("acceptEvent when the queue fails", () => {
  it("a later copy of the event sends the messages of every delivery not yet done, so nothing is lost", async () => {
    const raw = lead(marker());
    const { verifyActuallyCareWebhook } = await import("@actuallycare/shared/webhooks/actuallycare");
    const { signWebhookBody } = await import("@actuallycare/shared/webhook-signature");
    const headers = new Headers({
      "X-Webhook-Event": "lead.created",
      "X-Webhook-Signature": await signWebhookBody(env.ACTUALLYCARE_WEBHOOK_SECRET, raw),
    });
    const v = await verifyActuallyCareWebhook(new TextEncoder().encode(raw), headers, {
      secrets: [env.ACTUALLYCARE_WEBHOOK_SECRET],
      now: Date.now(),
      maxAgeMs: 60_000,
      maxFutureMs: 60_000,
    });
    if (!v.ok) throw new Error(v.refusal.code);
    const destinations = configFrom(env).destinations;
    const failing = {
      sendBatch: async () => Promise.reject(new Error("Queue send failed")),
    } as unknown as Queue<DeliveryMessage>;
    await expect(
      acceptEvent({ db: env.FANOUT_DB, queue: failing, destinations, now: Date.now }, v.event, raw),
    ).rejects.toThrow();
    const sent: DeliveryMessage[] = [];
    const working = {
      sendBatch: async (b: Array<{ body: DeliveryMessage }>) => void sent.push(...b.map((x) => x.body)),
    } as unknown as Queue<DeliveryMessage>;
    const retry = await acceptEvent({ db: env.FANOUT_DB, queue: working, destinations, now: Date.now }, v.event, raw);
    expect(retry.duplicate).toBe(true);
    expect(sent.map((m) => m.destinationId).sort()).toEqual(["discord", "http", "slack", "teams"]);
    // Once a delivery is done, a copy sends nothing for it.
    await env.FANOUT_DB.prepare(
      "UPDATE deliveries SET state = 'delivered' WHERE event_id = ? AND destination_id <> 'http'",
    )
      .bind(v.event.id)
      .run();
    sent.length = 0;
    await acceptEvent({ db: env.FANOUT_DB, queue: working, destinations, now: Date.now }, v.event, raw);
    expect(sent).toEqual([{ eventId: v.event.id, destinationId: "http", generation: 0 }]);
  });
});
