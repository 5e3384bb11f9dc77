// The benchmarks' local load generator (in workerd): a fixed number of requests with a fixed number in flight.

/** The p-th percentile of ascending `sorted` (nearest rank), 0 when empty. */
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export interface LoadResult {
  requests: number;
  failed: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Sends `n` requests, `send(i)` for i = 0…n-1, with `concurrency` in flight; each answer is read to its end and
 * counts as failed unless `ok(response)` (default: status 200). Requests per second and latency percentiles.
 */
export async function runLoad(
  n: number,
  concurrency: number,
  send: (i: number) => Promise<Response>,
  ok: (res: Response) => boolean = (res) => res.status === 200,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const lane = async () => {
    for (let i = next++; i < n; i = next++) {
      const t0 = performance.now();
      const res = await send(i);
      await res.arrayBuffer();
      if (!ok(res)) failed++;
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: n,
    failed,
    perSecond: Math.round(n / seconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
  };
}
