// What the Miniflare load runs of `npm run bench` share (lead-intake's hot path, the fan-out's ingest, the bridge's
// trigger reads): one-file baseline Workers, a load generator over real HTTP, and interleaved rounds compared round by
// round, because the machine's other load changes by the second.
import { convertV4MiniflareOptions, Miniflare } from "miniflare";

/** A one-file Worker on the same compatibility settings as the connectors. */
export const bareWorker = (name, script, extra = {}) => ({
  name,
  modules: true,
  script,
  compatibilityDate: "2026-11-01",
  compatibilityFlags: ["nodejs_compat"],
  ...extra,
});

/** One worker on its own Miniflare; `prepare(mf)` runs before any load (migrations, seeding). */
export async function startMiniflare(worker, prepare) {
  const mf = new Miniflare(convertV4MiniflareOptions({ workers: [worker] }));
  const url = await mf.ready;
  if (prepare) await prepare(mf);
  return { mf, url };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round2 = (x) => Math.round(x * 100) / 100;

/** `n` calls of `send(i)` (true when the answer was the expected one), `concurrency` at a time. */
async function load(n, concurrency, send) {
  const latencies = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t = performance.now();
        const ok = await send(i);
        latencies.push(performance.now() - t);
        if (!ok) failures += 1;
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, failures };
}

/**
 * Warms every target, then runs `h.rounds` rounds of `h.requests` per target, interleaved. `sender(target, n)`
 * prepares one load's requests (fresh bodies, signatures) and returns `send(i)`. Returns each target's figures
 * (keyed by `target.key`) and `ratio(a, b)`: the median over the rounds of a's throughput over b's.
 */
export async function interleavedRounds(targets, h, sender) {
  for (const t of targets) await load(h.warmup, h.concurrency, sender(t, h.warmup));
  const runs = Object.fromEntries(targets.map((t) => [t.key, []]));
  for (let r = 0; r < h.rounds; r++)
    for (const t of targets) runs[t.key].push(await load(h.requests, h.concurrency, sender(t, h.requests)));
  const figures = Object.fromEntries(
    targets.map((t) => {
      const all = runs[t.key];
      const lat = all.flatMap((x) => x.latencies).sort((a, b) => a - b);
      const seconds = all.reduce((s, x) => s + x.seconds, 0);
      return [
        t.key,
        {
          label: t.label,
          requests: lat.length,
          failed: all.reduce((s, x) => s + x.failures, 0),
          perSecond: Math.round(lat.length / seconds),
          p50Ms: round2(percentile(lat, 50)),
          p99Ms: round2(percentile(lat, 99)),
        },
      ];
    }),
  );
  const perRound = (a, b) => runs[a].map((x, r) => round2(runs[b][r].seconds / x.seconds));
  const ratio = (a, b) => [...perRound(a, b)].sort((p, q) => p - q)[Math.floor(h.rounds / 2)];
  return { figures, perRound, ratio };
}
