// webhook-fanout's part of `npm run bench`: `bench/fanout.bench-run.ts` in workerd (real time), and its section of
// BENCHMARKS.md. Ingest throughput beside two bare workers in the same run, and a 1,000-event × 4-destination drain.
import { runBenchVitest } from "./lib/run-bench-vitest.mjs";

export function measureFanout() {
  return runBenchVitest({ config: "bench/vitest.fanout-bench.config.mts", what: "the fan-out benchmark" });
}

export function fanoutMarkdown(f) {
  const i = f.ingest;
  const row = (name, r) => `| ${name} | ${r.perSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.failed} |`;
  const d = f.drain;
  const dest = (id, what) => {
    const x = d.perDestination[id];
    return `| ${id} | ${what} | ${x.delivered} | ${x.lost} | ${x.duplicated} | ${x.requests} |`;
  };
  return `## webhook-fanout: ingest and drain

\`bench/fanout.bench-run.ts\`, in workerd, real time. Every target sits behind the same service-binding hop and gets
${i.n} distinct signed bodies with ${i.concurrency} requests in flight. Local D1 is one SQLite file, so these are
relative figures: they compare the three workers in one run, not production latency. The fan-out's own queue
consumer delivers those events (to a sink that answers at once) during the run, on the same SQLite file; the bare
worker's consumer only acks. On a shared machine the ratio moves by a few tenths between runs.

| target | requests/s | p50 ms | p99 ms | failed |
|---|---|---|---|---|
${row("bare worker answering a constant", i.constant)}
${row("bare worker: one D1 insert (by SHA-256, dedupe) + one queue send", i.store)}
${row("webhook-fanout `/ingest`: verify + dedupe + deliveries + enqueue", i.fanout)}

Ratio to the store-and-send worker: **${i.ratioToStore}×** (target ≥ 0.8); to the constant one: ${i.ratioToConstant}×.

Drain: ${d.events} \`lead.created\` events to ${d.destinations} destinations (playground inboxes), one failing every
other request and one answering every fifth request 429 with \`Retry-After: 1\`; retries from 1 s, at most 4 s apart
(the bench's schedule, not the default), ${d.seconds} s from the first ingest until no delivery was queued.
Counted at the receivers: an event is delivered when the inbox answered it 2xx, duplicated when more than once.

| destination | behaviour | delivered | lost | duplicated | requests received |
|---|---|---|---|---|---|
${dest("slack", "healthy (Slack)")}
${dest("http", "healthy (signed HTTP)")}
${dest("flaky", "fails every other request")}
${dest("limited", "429 + Retry-After every fifth (Discord)")}

Targets (issue #10): 0 lost, 0 duplicated.
`;
}
