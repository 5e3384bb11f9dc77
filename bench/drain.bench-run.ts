import { env } from "cloudflare:workers";
import { createTransport } from "@actuallycare/shared/client/create-transport";
import { leadsApi } from "@actuallycare/shared/client/groups/leads";
import { expect, it } from "vitest";
import { countingFetch, type SentRequest } from "../test/support/counting-fetch";
import { call, fixtureKey, resetSandbox } from "../test/support/sandbox-client";

/** The backlog and the scaled-down budget: 300 lead creations at 50 requests per 10 s. */
const N = 300;
const LIMIT = 50;
const WINDOW_MS = 10_000;
const MIN_SECONDS = (N / LIMIT) * (WINDOW_MS / 1000);

interface Scenario {
  name: "single" | "shared" | "no_backoff";
  workers: number;
  sharedBackoff: boolean;
}

async function drain(s: Scenario, ip: string) {
  await resetSandbox();
  const set = await call("/__sandbox/config", {
    method: "POST",
    body: { rateLimits: { global: { limit: LIMIT, windowMs: WINDOW_MS } } },
  });
  expect(set.status).toBe(200);
  for (const k of (await env.CLIENT_KV.list()).keys) await env.CLIENT_KV.delete(k.name);
  const key = await fixtureKey("full-access");
  const backlog = Array.from({ length: N }, (_, i) => `Backlog ${s.name} ${i}`);
  const logs: Array<Array<SentRequest & { at: number }>> = [];
  let failures = 0;
  const started = Date.now();
  const worker = async (w: number) => {
    const sent: SentRequest[] = [];
    const stamped: Array<SentRequest & { at: number }> = [];
    logs.push(stamped);
    const inner = countingFetch(ip, sent).fetch;
    const leads = leadsApi(
      await createTransport({
        baseUrl: "http://localhost:8787/v1",
        apiKey: key,
        kv: s.sharedBackoff ? env.CLIENT_KV : undefined,
        backoffCache: new Map(),
        pace: s.sharedBackoff,
        deadlineMs: 120_000,
        maxAttempts: 20,
        fetch: async (r) => {
          const res = await inner(r);
          stamped.push({ ...(sent.at(-1) as SentRequest), at: Date.now() - started });
          return res;
        },
      }),
    );
    for (let name = backlog.shift(); name !== undefined; name = backlog.shift()) {
      try {
        await leads.create({ name, source: `worker ${w}` });
      } catch {
        failures += 1;
        backlog.push(name);
      }
    }
  };
  await Promise.all(Array.from({ length: s.workers }, (_, w) => worker(w)));
  const seconds = (Date.now() - started) / 1000;
  const http429PerWorker = logs.map((l) => l.filter((x) => x.status === 429).length);
  const worstWindow = Math.max(
    0,
    ...logs.flatMap((l) => {
      const perWindow = new Map<number, number>();
      for (const x of l.filter((y) => y.status === 429))
        perWindow.set(Math.floor(x.at / WINDOW_MS), (perWindow.get(Math.floor(x.at / WINDOW_MS)) ?? 0) + 1);
      return [...perWindow.values()];
    }),
  );
  const created = logs.flat().filter((x) => x.status === 201).length;
  return {
    workers: s.workers,
    seconds: Math.round(seconds * 10) / 10,
    ratio: Math.round((seconds / MIN_SECONDS) * 1000) / 1000,
    http429: http429PerWorker.reduce((a, b) => a + b, 0),
    http429PerWorker,
    max429PerWindowPerWorker: worstWindow,
    created,
    duplicates: created - N,
    callFailures: failures,
  };
}

it(`drains ${N} lead creations at ${LIMIT} per ${WINDOW_MS / 1000} s`, async () => {
  const scenarios: Scenario[] = [
    { name: "single", workers: 1, sharedBackoff: true },
    { name: "shared", workers: 2, sharedBackoff: true },
    { name: "no_backoff", workers: 2, sharedBackoff: false },
  ];
  const results: Record<string, unknown> = {};
  for (const [i, s] of scenarios.entries()) {
    results[s.name] = await drain(s, `10.99.0.${i + 1}`);
  }
  console.log(
    `BENCH_RESULT ${JSON.stringify({ n: N, limit: LIMIT, windowSeconds: WINDOW_MS / 1000, minSeconds: MIN_SECONDS, drain: results })}`,
  );
});
