// `npm run bench`: the client's drain benchmark against the sandbox (real time, in
// workerd), its bundle cost, lead-intake's page sizes (embed.js, form.css), every
// worker's bundle as it deploys, escrow-digest's requests per N escrows,
// webhook-fanout's ingest and drain, lead-intake under faults, hostile input and
// load (bench/intake/), and the bridge's trigger reads and reconciliation cost; writes BENCHMARKS.md
// and bench/results.json.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { bridgeMarkdown, measureBridge } from "./bridge.mjs";
import { escrowDigestMarkdown, measureEscrowDigest } from "./escrow-digest.mjs";
import { fanoutMarkdown, measureFanout } from "./fanout.mjs";
import { intakeReliabilityMarkdown, measureIntakeReliability } from "./intake/index.mjs";
import { disposeBundles } from "./intake/workers.mjs";
import { leadIntakeMarkdown, measureLeadIntake } from "./lead-intake.mjs";
import { measureWorkerBundles, verdict, workerBundlesMarkdown } from "./worker-bundles.mjs";

const COMMAND = "npm run bench";
/** Gzip budgets of the client alone (issue #8): a worker that only creates leads, and one with every group. */
const LEADS_ONLY_GZIP_TARGET_BYTES = 15 * 1024;
const WHOLE_CLIENT_GZIP_TARGET_BYTES = 20 * 1024;

/** Minified ESM bundle of an entry, as wrangler would ship it; sizes in bytes. */
async function bundleSize(entry) {
  const out = await build({
    entryPoints: [new URL(`./entries/${entry}.ts`, import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "import"],
    write: false,
    logLevel: "error",
  });
  const code = out.outputFiles[0].contents;
  return { bytes: code.length, gzipBytes: gzipSync(code).length };
}

function drain() {
  const r = spawnSync(
    "npx",
    ["vitest", "run", "--config", "bench/vitest.bench.config.mts", "bench/drain.bench-run.ts"],
    {
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const line = `${r.stdout}\n${r.stderr}`.split("\n").find((l) => l.includes("BENCH_RESULT "));
  if (r.status !== 0 || !line) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error("the drain benchmark failed");
  }
  return JSON.parse(line.slice(line.indexOf("BENCH_RESULT ") + "BENCH_RESULT ".length));
}

const sizes = {};
for (const entry of ["empty", "leads-only", "whole-client"]) sizes[entry] = await bundleSize(entry);
const withTarget = (s, target) => ({
  ...s,
  gzipCostBytes: s.gzipBytes - sizes.empty.gzipBytes,
  gzipTargetBytes: target,
  withinTarget: s.gzipBytes <= target,
});
const bundle = {
  leadsOnly: withTarget(sizes["leads-only"], LEADS_ONLY_GZIP_TARGET_BYTES),
  wholeClient: withTarget(sizes["whole-client"], WHOLE_CLIENT_GZIP_TARGET_BYTES),
};
console.log("bundle sizes:", JSON.stringify(bundle));
const leadIntake = measureLeadIntake();
console.log("lead-intake sizes:", JSON.stringify(leadIntake));
const workerBundles = measureWorkerBundles();
console.log("worker bundles:", JSON.stringify(workerBundles.workers.map((w) => [w.worker, w.gzipBytes])));
const started = new Date();
const d = drain();
const escrowDigest = measureEscrowDigest();
console.log("escrow-digest requests:", JSON.stringify(escrowDigest));
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const fanout = await measureFanout();
console.log("webhook-fanout:", JSON.stringify(fanout));
const reliability = await measureIntakeReliability();
const bridge = await measureBridge({
  bundle: workerBundles.workers.find((w) => w.worker === "bridge"),
  bareHono: workerBundles.bareHono,
});
// The wrangler bundles the Miniflare runs used (bench/intake/workers.mjs).
disposeBundles();
console.log("bridge:", JSON.stringify({ ...bridge.triggerReads, reconciliation: bridge.reconciliation.sizes.length }));
const results = {
  command: COMMAND,
  date: started.toISOString(),
  machine,
  ...d,
  bundle,
  leadIntake,
  workerBundles,
  escrowDigest,
  fanout,
  leadIntakeReliability: reliability,
  bridge,
};
writeFileSync(new URL("./results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);

const kib = (b) => (b / 1024).toFixed(1);
const row = (name, r) =>
  `| ${name} | ${r.workers} | ${r.seconds} | **${r.ratio}×** | ${r.http429} (${r.http429PerWorker.join(" + ")}) | ${r.max429PerWindowPerWorker} | ${r.created} | ${r.duplicates} |`;
writeFileSync(
  new URL("../BENCHMARKS.md", import.meta.url),
  `# Benchmarks

Made with \`${COMMAND}\` on ${started.toISOString().slice(0, 10)}, on ${machine}.
Raw figures: [bench/results.json](bench/results.json). Not part of \`npm test\`: times are measured here, never asserted in tests.

## Draining a backlog under the rate limit

${d.n} lead creations (\`POST /v1/leads\`) through the shared client against the sandbox, whose global limit is scaled
down to ${d.limit} requests per ${d.windowSeconds} s (production: 500 per 15 min). The theoretical minimum is
N / rate = ${d.minSeconds} s. Real time, inside workerd (\`bench/drain.bench-run.ts\`).

| scenario | workers | seconds | ratio to minimum | 429s (per worker) | most 429s in one window, one worker | leads created | duplicates |
|---|---|---|---|---|---|---|---|
${row("single: shared backoff + pacing", d.drain.single)}
${row("shared: two workers, one KV", d.drain.shared)}
${row("no_backoff: two workers, no KV (baseline)", d.drain.no_backoff)}

Targets (issue #3): ratio ≤ 1.1 and at most one 429 per window per worker.

How to read it: the sandbox's windows are fixed and start at the first counted request (spec §1.7), so a client that
bursts a whole window at once and then sleeps until \`Retry-After\` can finish in (⌈N/limit⌉ − 1) windows
= ${(Math.ceil(d.n / d.limit) - 1) * d.windowSeconds} s, below N / rate: that is what the baseline does, paying one 429 per window per worker. The
shared client paces bulk work over each window instead and marks a spent window in KV, so neither it nor any other
worker sends into a spent window: no 429s at all, at about N / rate. Its value is that the budget is never overdrawn:
with the real API's 15-minute windows, a 429 that a worker could have avoided is a request another worker (or a
lead submission) did not get to make.

## Bundle cost of the client

Minified ESM bundles of \`bench/entries/leads-only.ts\` and \`whole-client.ts\` (esbuild, as wrangler bundles), minus an empty worker (\`empty.ts\`, ${kib(sizes.empty.gzipBytes)} KiB gzip). Targets are on the whole bundle's gzip size.

| worker | minified KiB | gzip KiB | client's gzip cost KiB | target: gzip KiB |
|---|---|---|---|---|
| creates leads only (\`createTransport\` + \`leadsApi\`) | ${kib(bundle.leadsOnly.bytes)} | ${kib(bundle.leadsOnly.gzipBytes)} | ${kib(bundle.leadsOnly.gzipCostBytes)} | ${verdict(bundle.leadsOnly.gzipBytes, LEADS_ONLY_GZIP_TARGET_BYTES)} |
| whole client (\`createClient\`, all ten groups) | ${kib(bundle.wholeClient.bytes)} | ${kib(bundle.wholeClient.gzipBytes)} | ${kib(bundle.wholeClient.gzipCostBytes)} | ${verdict(bundle.wholeClient.gzipBytes, WHOLE_CLIENT_GZIP_TARGET_BYTES)} |

The client validates every answer with zod/mini (\`@actuallycare/shared/zod\`, English messages only), so zod's
JSON-Schema export and the other locales are not in these bundles; a lint rule keeps classic zod out of \`shared/\`
and \`workers/\`.

${workerBundlesMarkdown(workerBundles)}
${leadIntakeMarkdown(leadIntake)}
${escrowDigestMarkdown(escrowDigest)}
${fanoutMarkdown(fanout)}
${intakeReliabilityMarkdown(reliability)}
${bridgeMarkdown(bridge)}`,
);
console.log("wrote BENCHMARKS.md and bench/results.json");
