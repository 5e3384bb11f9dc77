// The escrow-digest section of `npm run bench`: API requests and wall time of one digest run for N = 10, 100 and
// 1,000 open escrows, and for an account whose closed escrows dominate (bench/escrow-digest.bench-run.ts, in
// workerd against the sandbox), against the target ⌈N/100⌉ + escrows with a date in the window.
import { pathToFileURL } from "node:url";
import { runBenchVitest } from "./lib/run-bench-vitest.mjs";

export function measureEscrowDigest() {
  return runBenchVitest({
    config: "bench/vitest.bench.config.mts",
    files: ["bench/escrow-digest.bench-run.ts"],
    marker: "DIGEST_BENCH_RESULT ",
    what: "the escrow-digest benchmark",
  });
}

/** @param {{ runs: Array<Record<string, any>>, closedHeavy: Array<Record<string, any>> }} result */
export function escrowDigestMarkdown({ runs, closedHeavy }) {
  const verdict = (r) => (r.requests <= r.target ? "pass" : "**miss**");
  const table = runs
    .map(
      (r) =>
        `| ${r.n} | ${r.recipients} | ${r.cache} | ${r.plan} | ${r.lists} | ${r.timelines} | **${r.requests}** | ${r.target} | ${verdict(r)} | ${r.ms} |`,
    )
    .join("\n");
  const heavy = closedHeavy
    .map(
      (r) =>
        `| ${r.day} | ${r.plan} | ${r.lists} | ${r.combinedPages} | ${r.perStatusPages} | ${r.timelines} | **${r.requests}** | ${r.target} | ${verdict(r)} |`,
    )
    .join("\n");
  const h = closedHeavy[0] ?? { open: 0, closed: 0 };
  return `## escrow-digest: API requests per run

One run (one queue batch) building every recipient's digest for 2026-07-01, against the sandbox with N open
escrows (a quarter \`pending\`, closings 1 to 60 days out, a third with derived dates; the fixtures' own escrows
archived), in workerd (\`bench/escrow-digest.bench-run.ts\`). Target: ⌈N/100⌉ + escrows with a date in the window
(overdue to the end of next week). The recipients want \`active\` and \`pending\`; the list plan
(\`workers/escrow-digest/src/run/list-plan.ts\`) reads one combined \`GET /escrows?status=all&limit=100\` when it is no
dearer than one list per status (two partial last pages), judged from the previous run's counts, or on a first run
from the combined list's first page. Timelines are fetched once per escrow with a date in the window, shared by all
recipients of the run, and cached in D1 by escrow version, so the next day's run ("warm") fetches only the timelines
of escrows that changed. "cold" is a first run: no timeline cache and no list counts. Wall time includes rendering.

| N escrows | recipients | caches | list plan | list requests | timeline requests | requests | target | within | ms |
|---|---|---|---|---|---|---|---|---|---|
${table}

An account that never archives its history: ${h.open} open escrows beside ${h.closed} closed ones in the unarchived
list, 10 recipients. The combined list would cost ⌈${h.open + h.closed}/100⌉ pages; the first run learns that from its
first page and switches to the per-status lists (that page is its one extra request), and the next day goes straight
to them. No plan reaches ⌈N/100⌉ here (two statuses, two partial pages, and the combined list is mostly closed
escrows): the first run misses the target by its probe and the second partial page, every later run pays the
per-status lists (re-measuring the combined list's length, one page, once a week).

| run | list plan | list requests | combined list alone | per-status lists alone | timeline requests | requests | target | within |
|---|---|---|---|---|---|---|---|---|
${heavy}

The API allows 500 requests per 15 minutes per IP, and bulk work keeps 20% of each window for lead submissions:
the first run over 1,000 escrows therefore runs out of its share, hands its messages back to the queue until the
window resets, and goes on from the cached timelines; every later day costs about ⌈N/100⌉ + the escrows that changed.
The worker's bundle (gzip, as deployed, shipped and minified) is in the table of every worker's bundle above.
Alone: \`node bench/escrow-digest.mjs\` (prints this section; \`npm run bench\` writes it into BENCHMARKS.md).
`;
}

// `node bench/escrow-digest.mjs`: this benchmark alone, printed (BENCHMARKS.md is left to `npm run bench`).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = measureEscrowDigest();
  console.log(JSON.stringify(result));
  console.log(escrowDigestMarkdown(result));
}
