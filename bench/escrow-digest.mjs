// The escrow-digest section of `npm run bench`: API requests and wall time of one digest run for N = 10, 100 and
// 1,000 open escrows (bench/escrow-digest.bench-run.ts, in workerd against the sandbox), against the target
// ⌈N/100⌉ + escrows with a date in the window.
import { runBenchVitest } from "./lib/run-bench-vitest.mjs";

export function measureEscrowDigest() {
  return runBenchVitest({
    config: "bench/vitest.bench.config.mts",
    files: ["bench/escrow-digest.bench-run.ts"],
    marker: "DIGEST_BENCH_RESULT ",
    what: "the escrow-digest benchmark",
  });
}

/** @param {Array<Record<string, any>>} rows */
export function escrowDigestMarkdown(rows) {
  const table = rows
    .map(
      (r) =>
        `| ${r.n} | ${r.recipients} | ${r.cache} | ${r.lists} | ${r.timelines} | **${r.requests}** | ${r.target} | ${r.ms} |`,
    )
    .join("\n");
  return `## escrow-digest: API requests per run

One run (one queue batch) building every recipient's digest for 2026-07-01, against the sandbox with N open
escrows (a quarter \`pending\`, closings 1 to 60 days out, a third with derived dates; the fixtures' own escrows
archived), in workerd (\`bench/escrow-digest.bench-run.ts\`). Target: ⌈N/100⌉ + escrows with a date in the window
(overdue to the end of next week). Lists are one paginated \`GET /escrows?status=…&limit=100\` per status (\`active\`,
\`pending\`: one page more than ⌈N/100⌉ when both are partial); timelines are fetched once per escrow with a date in
the window, shared by all recipients of the run, and cached in D1 by escrow version, so the next day's run
("warm") fetches only the timelines of escrows that changed. Wall time includes rendering.

| N escrows | recipients | timeline cache | list requests | timeline requests | requests | target | ms |
|---|---|---|---|---|---|---|---|
${table}

The API allows 500 requests per 15 minutes per IP, and bulk work keeps 20% of each window for lead submissions:
the first run over 1,000 escrows (609 requests) therefore runs out of its share, hands its messages back to the
queue until the window resets, and goes on from the cached timelines; every later day costs about ⌈N/100⌉ + the
escrows that changed. The worker's bundle (gzip, as deployed, shipped and minified) is in the table of every worker's bundle above.
`;
}
