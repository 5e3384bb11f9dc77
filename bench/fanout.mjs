// webhook-fanout's part of `npm run bench`: `bench/fanout.bench-run.ts` in workerd (real time), and its section of
// BENCHMARKS.md. Ingest throughput beside two bare workers in the same run, and a 1,000-event × 4-destination drain.
import { runFanoutIngest } from "./fanout-ingest.mjs";
import { runBenchVitest } from "./lib/run-bench-vitest.mjs";

/**
 * The drain (and an ingest run inside vitest's runner) from `bench/fanout.bench-run.ts`, then the ingest figures
 * that count: the fan-out bundled as it deploys, on Miniflare, beside its baselines (bench/fanout-ingest.mjs).
 */
export async function measureFanout() {
  const inVitest = runBenchVitest({ config: "bench/vitest.fanout-bench.config.mts", what: "the fan-out benchmark" });
  const ingest = await runFanoutIngest();
  return { ...inVitest, ingest, ingestInVitestRunner: inVitest.ingest };
}

export function fanoutMarkdown(f) {
  const i = f.ingest;
  const row = (name, r) => `| ${name} | ${r.perSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.failed} |`;
  const d = f.drain;
  const dest = (id, what) => {
    const x = d.perDestination[id];
    return `| ${id} | ${what} | ${x.delivered} | ${x.lost} | ${x.duplicated} | ${x.requests} |`;
  };
  const v = f.ingestInVitestRunner;
  return `## webhook-fanout: ingest and drain

\`bench/fanout-ingest.mjs\`: webhook-fanout bundled by \`wrangler deploy --dry-run\` and run by Miniflare with its
wrangler.toml bindings (its queue consumer off: only the accept path is timed), beside one-file Workers on the same
Miniflare settings, over real HTTP: ${i.rounds} interleaved rounds of ${i.requests} distinct signed bodies per target,
${i.concurrency} in flight, after ${i.warmup} of warm-up. The store baseline makes the fan-out's own write (the event and
its one delivery row, one D1 batch on the fan-out's migration) and queue send, nothing else. Local D1 is one SQLite
file, so these are relative figures, not production latency.

| target | requests/s | p50 ms | p99 ms | failed |
|---|---|---|---|---|
${row("bare Worker answering a constant", i.constant)}
${row("bare Worker: the same D1 batch + queue send", i.store)}
${row("webhook-fanout `/ingest`: verify + dedupe + deliveries + enqueue", i.fanout)}

Ratio to the store-and-send Worker, the median of the rounds (${i.roundRatiosToStore.join(", ")}): **${i.ratioToStore}×**
(target ≥ 0.8: ${i.ratioToStore >= 0.8 ? "**pass**" : "**miss**"}); to the constant one: ${i.ratioToConstant}×.
The same load inside vitest's runner (\`bench/fanout.bench-run.ts\`: the fan-out unbundled under the module runner,
its consumer delivering on the same SQLite file during the run, the baselines plain Workers) gives ${v.ratioToStore}×
(${v.fanout.perSecond} vs ${v.store.perSecond} requests/s): the harness's cost, which is why the figure above is taken
outside it.

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
