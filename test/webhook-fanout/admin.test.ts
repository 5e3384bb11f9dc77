import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { disable } from "../../workers/webhook-fanout/src/delivery/destination-state";
import worker from "../../workers/webhook-fanout/src/index";
import { admin, deliveryRows, eventBody, eventually, inbox, ingest, json, OPERATOR_TOKEN } from "./fanout-helpers";

type Envelope = { success: boolean; data?: any; error?: { code: string; message: string; details?: unknown } };
const tag = () => crypto.randomUUID().replace(/-/g, "").slice(0, 12);
const lead = (name: string, source: string) => eventBody("lead.created", { id: crypto.randomUUID(), name, source });

async function ingested(raw: string): Promise<string> {
  const res = await ingest(raw);
  if (res.status !== 200) throw new Error(`ingest ${res.status}`);
  return ((await res.json()) as Envelope).data.eventId;
}
const stateOf = async (eventId: string, destination: string) =>
  (await deliveryRows(eventId)).find((r) => r.destination_id === destination);

describe("operator API", () => {
  it("needs the operator token, compared as a Bearer token", async () => {
    for (const auth of [null, "Bearer wrong-token-000000000", `Basic ${OPERATOR_TOKEN}`, OPERATOR_TOKEN]) {
      const res = await admin("/destinations", {}, auth);
      expect([auth, res.status, ((await res.json()) as Envelope).error?.code]).toEqual([auth, 401, "UNAUTHORIZED"]);
    }
    expect((await admin("/destinations", {}, `bearer ${OPERATOR_TOKEN}`)).status).toBe(200);
  });

  it("a delivery that ended in the dead-letter queue is listed with its log, and a replay delivers it once", async () => {
    const name = `Recovery ${tag()}`;
    const id = await ingested(lead(name, "Recovery drill"));
    await eventually(
      () => stateOf(id, "recovering"),
      (r) => r?.state === "dead",
      20_000,
    );
    const failed = ((await (await admin(`/deliveries?event=${id}&failed=true`)).json()) as Envelope).data.deliveries;
    expect(failed).toEqual([
      expect.objectContaining({ eventId: id, destinationId: "recovering", state: "dead", failedAttempts: 4 }),
    ]);
    const log = ((await (await admin(`/attempts?event=${id}&destination=recovering`)).json()) as Envelope).data
      .attempts;
    expect(log.map((a: any) => a.status)).toEqual([500, 500, 500, 500]);

    const replay = await admin(`/deliveries/${id}/recovering/replay`, { method: "POST" });
    expect(replay.status).toBe(202);
    await eventually(
      () => stateOf(id, "recovering"),
      (r) => r?.state === "delivered",
      20_000,
    );
    const got = (await inbox("recovering")).filter((r) => r.body.includes(name));
    expect(got.map((r) => r.status)).toEqual([500, 500, 500, 500, 200]);
    // Every attempt and the replay carry one webhook-id, so the receiver can de-duplicate.
    expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect((await stateOf(id, "recovering"))?.generation).toBe(1);
  });

  it("replays one event again (one more copy, same webhook-id) and a time range to a destination", async () => {
    const name = `Replay ${tag()}`;
    const from = new Date(Date.now() - 1000).toISOString();
    const id = await ingested(lead(name, "Website Form"));
    await eventually(
      () => stateOf(id, "http"),
      (r) => r?.state === "delivered",
    );
    expect((await admin(`/deliveries/${id}/http/replay`, { method: "POST" })).status).toBe(202);
    const copies = await eventually(
      async () => (await inbox("http")).filter((r) => r.body.includes(name)),
      (r) => r.length >= 2,
    );
    expect(copies).toHaveLength(2);
    expect(copies[0]?.headers["webhook-id"]).toBe(copies[1]?.headers["webhook-id"]);
    for (const c of copies) expect(new Webhook(env.HTTP_DESTINATION_SECRET).verify(c.body, c.headers)).toBeTruthy();

    const range = await admin(
      "/destinations/http/replay",
      json({ from, to: new Date(Date.now() + 1000).toISOString() }),
    );
    expect(range.status).toBe(202);
    expect(((await range.json()) as Envelope).data.queued).toBeGreaterThanOrEqual(1);
    await eventually(
      async () => (await inbox("http")).filter((r) => r.body.includes(name)),
      (r) => r.length >= 3,
    );
  });

  it("refuses bad replays in the envelope", async () => {
    const id = "0".repeat(64);
    const cases: Array<[string, RequestInit, number, string]> = [
      [`/deliveries/${id}/http/replay`, { method: "POST" }, 404, "NOT_FOUND"],
      [`/deliveries/${id}/nowhere/replay`, { method: "POST" }, 404, "NOT_FOUND"],
      ["/destinations/http/replay", json({ from: "yesterday", to: "today" }), 400, "VALIDATION_ERROR"],
      [
        "/destinations/http/replay",
        json({ from: "2026-07-02T00:00:00Z", to: "2026-07-01T00:00:00Z" }),
        400,
        "VALIDATION_ERROR",
      ],
      ["/destinations/http/replay", { method: "POST", body: "{" }, 400, "VALIDATION_ERROR"],
      // A chunked body without Content-Length is refused at the cap, not read whole.
      [
        "/destinations/http/replay",
        {
          method: "POST",
          body: new ReadableStream({
            pull(ctl) {
              ctl.enqueue(new Uint8Array(1024).fill(32));
            },
          }),
          duplex: "half",
        } as RequestInit,
        413,
        "PAYLOAD_TOO_LARGE",
      ],
      ["/deliveries?event=nothex", {}, 400, "VALIDATION_ERROR"],
      ["/destinations/nowhere/enable", { method: "POST" }, 404, "NOT_FOUND"],
    ];
    for (const [path, init, status, code] of cases) {
      const res = await admin(path, init);
      expect([path, res.status, ((await res.json()) as Envelope).error?.code]).toEqual([path, status, code]);
    }
  });

  it("a disabled destination parks its deliveries, shows why, refuses replays, and a re-enable sends them", async () => {
    const name = `Pause ${tag()}`;
    await disable(env.FANOUT_DB, "pausable", Date.now(), "410 Gone from the destination (test)");
    const id = await ingested(lead(name, "Pause drill"));
    await eventually(
      () => stateOf(id, "pausable"),
      (r) => r?.state === "parked",
    );
    const list = ((await (await admin("/destinations")).json()) as Envelope).data.destinations;
    expect(list.find((d: { id: string }) => d.id === "pausable")).toMatchObject({
      type: "http",
      disabled: true,
      disabledReason: "410 Gone from the destination (test)",
    });
    const refused = await admin(`/deliveries/${id}/pausable/replay`, { method: "POST" });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as Envelope).error?.code).toBe("DESTINATION_DISABLED");

    const enabled = await admin("/destinations/pausable/enable", { method: "POST" });
    expect(((await enabled.json()) as Envelope).data).toMatchObject({ id: "pausable", wasDisabled: true });
    await eventually(
      () => stateOf(id, "pausable"),
      (r) => r?.state === "delivered",
    );
    expect((await inbox("pausable")).filter((r) => r.body.includes(name))).toHaveLength(1);
    const again = await admin("/destinations/pausable/enable", { method: "POST" });
    expect(((await again.json()) as Envelope).data).toMatchObject({ wasDisabled: false, requeued: 0 });
  });
});

describe("retention", () => {
  it("the scheduled cleanup removes old log rows and finished old events, never one still being delivered", async () => {
    const old = Date.now() - 400 * 86_400_000;
    const db = env.FANOUT_DB;
    const [done, busy] = [tag().padEnd(64, "a"), tag().padEnd(64, "b")];
    await db.batch([
      db
        .prepare("INSERT INTO events (id, name, event_ts, body, received_at_ms) VALUES (?, 'x.y', '', '{}', ?)")
        .bind(done, old),
      db
        .prepare("INSERT INTO events (id, name, event_ts, body, received_at_ms) VALUES (?, 'x.y', '', '{}', ?)")
        .bind(busy, old),
      db
        .prepare(
          "INSERT INTO deliveries (event_id, destination_id, state, created_at_ms, updated_at_ms) VALUES (?, 'http', 'delivered', ?, ?)",
        )
        .bind(done, old, old),
      db
        .prepare(
          "INSERT INTO deliveries (event_id, destination_id, state, created_at_ms, updated_at_ms) VALUES (?, 'http', 'queued', ?, ?)",
        )
        .bind(busy, old, old),
      db
        .prepare(
          "INSERT INTO attempts (event_id, event_name, destination_id, generation, attempt, outcome, status, duration_ms, created_at_ms) VALUES (?, 'x.y', 'http', 0, 1, 'delivered', 200, 1, ?)",
        )
        .bind(done, old),
    ]);
    await worker.scheduled({ cron: "17 3 * * *", scheduledTime: Date.now(), noRetry() {} } as ScheduledController, env);
    const count = async (sql: string, ...args: unknown[]) =>
      (
        await db
          .prepare(sql)
          .bind(...args)
          .first<{ n: number }>()
      )?.n;
    expect(await count("SELECT count(*) AS n FROM events WHERE id = ?", done)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM deliveries WHERE event_id = ?", done)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM attempts WHERE event_id = ?", done)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM events WHERE id = ?", busy)).toBe(1);
    expect(await count("SELECT count(*) AS n FROM deliveries WHERE event_id = ?", busy)).toBe(1);
  });
});
