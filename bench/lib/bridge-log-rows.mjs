// The event log both bridge benchmarks read (bench/bridge-reads.mjs, bench/bridge.bench-run.ts): `n` entries over
// three kinds, each a lead-shaped record, an hour old and half a second apart, as a busy month would leave.
const EVENTS = ["lead.created", "lead.updated", "listing.status_changed"];

/** @param {number} n */
export function bridgeLogRows(n) {
  const t0 = Date.now() - 3_600_000;
  return Array.from({ length: n }, (_, i) => {
    const event = EVENTS[i % EVENTS.length];
    const id = `0b5e4c1a-1111-4a4a-8a8a-${i.toString(16).padStart(12, "0")}`;
    const occurred = t0 + i * 500;
    return {
      cursor: i + 1,
      event,
      resource: event.split(".")[0],
      record_id: id,
      occurred_at_ms: occurred,
      data: JSON.stringify({
        id,
        name: `Bench Lead ${i}`,
        email: `bench.lead.${i}@example.com`,
        phone: "(661) 555-0142",
        source: "Zillow",
        status: i % 2 ? "new" : "contacted",
      }),
      change_key: `${event}:${id}:${occurred}`,
      logged_at_ms: occurred,
    };
  });
}
