import { describe, expect, it } from "vitest";
import { admin, deliveryRows, eventBody, eventually, inbox, ingest } from "./fanout-helpers";

// Four faulty destinations beside the four healthy ones (vitest.config.mts): `flaky` fails every other request,
// `broken` always, `limited` answers every third request 429 with Retry-After, `gone` 410. They hear only leads
// whose source is "Fault drill". Everything runs through the real queue, retries included.
const EVENTS = 6;
const HEALTHY = ["slack", "teams", "discord", "http"];

const drill = (run: string, i: number) =>
  eventBody("lead.created", {
    id: crypto.randomUUID(),
    name: `Drill ${run} n${i}x`,
    source: "Fault drill",
    status: "new",
  });

/** Requests to an inbox that mention this run's event `i`, with the status each got. */
const copies = async (name: string, run: string, i: number) =>
  (await inbox(name)).filter((r) => r.body.includes(`Drill ${run} n${i}x`));

describe("faulty destinations", () => {
  it("never delay or double the others; the failing one ends dead with its log; 429 waits; 410 disables", async () => {
    const run = crypto.randomUUID().replace(/-/g, "").slice(0, 10);
    const ids: string[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const res = await ingest(drill(run, i));
      expect(res.status).toBe(200);
      ids.push(((await res.json()) as { data: { eventId: string } }).data.eventId);
    }
    const settled = (rows: Awaited<ReturnType<typeof deliveryRows>>) =>
      rows.length === 8 && rows.every((r) => r.state !== "queued");
    for (const id of ids) await eventually(() => deliveryRows(id), settled, 30_000);

    for (const id of ids) {
      const states = Object.fromEntries((await deliveryRows(id)).map((r) => [r.destination_id, r.state]));
      expect(states).toEqual({
        slack: "delivered",
        teams: "delivered",
        discord: "delivered",
        http: "delivered",
        flaky: "delivered",
        limited: "delivered",
        broken: "dead",
        gone: "parked",
      });
    }
    for (let i = 0; i < EVENTS; i++) {
      // Exactly one accepted copy per healthy destination, per event.
      for (const name of HEALTHY) expect([name, i, (await copies(name, run, i)).length]).toEqual([name, i, 1]);
      // The flaky and the rate-limited ones got each event once, after their failures.
      const flaky = await copies("flaky", run, i);
      expect([i, flaky.filter((r) => r.status === 200).length]).toEqual([i, 1]);
      const limited = await copies("discord-limited", run, i);
      expect([i, limited.filter((r) => r.status === 204).length]).toEqual([i, 1]);
    }

    // The broken destination's deliveries are dead after four logged attempts each.
    const failed = await (await admin(`/deliveries?destination=broken&failed=true&limit=500`)).json<any>();
    const mine = failed.data.deliveries.filter((d: { eventId: string }) => ids.includes(d.eventId));
    expect(mine).toHaveLength(EVENTS);
    expect(
      mine.every((d: any) => d.state === "dead" && d.failedAttempts === 4 && d.lastError === "RETRIES_EXHAUSTED"),
    ).toBe(true);
    const log = await (await admin(`/attempts?event=${ids[0]}&destination=broken`)).json<any>();
    expect(log.data.attempts.map((a: any) => [a.attempt, a.outcome, a.status, a.errorClass])).toEqual([
      [4, "failed", 500, "http_5xx"],
      [3, "failed", 500, "http_5xx"],
      [2, "failed", 500, "http_5xx"],
      [1, "failed", 500, "http_5xx"],
    ]);
    // Rate-limited requests are logged and did not count as failed attempts.
    const limitedLog = await (await admin(`/attempts?destination=limited&failed=true&limit=500`)).json<any>();
    const waits = limitedLog.data.attempts.filter((a: any) => ids.includes(a.eventId));
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((a: any) => a.outcome === "rate_limited" && a.status === 429)).toBe(true);
    const limitedRows = await Promise.all(
      ids.map(async (id) => (await deliveryRows(id)).find((r) => r.destination_id === "limited")),
    );
    expect(limitedRows.every((r) => r?.attempts === 0)).toBe(true);

    // 410 disabled the destination with its reason; its deliveries wait for a re-enable.
    const dests = await (await admin("/destinations")).json<any>();
    const gone = dests.data.destinations.find((d: { id: string }) => d.id === "gone");
    expect(gone).toMatchObject({ disabled: true, disabledReason: expect.stringMatching(/^410 Gone/) });
    expect((await inbox("teams-gone")).filter((r) => r.body.includes(`Drill ${run}`)).length).toBeLessThanOrEqual(
      EVENTS,
    );
  }, 60_000);
});
