import { env } from "cloudflare:workers";
import { signWebhookBody } from "@actuallycare/shared/webhook-signature";
import { expect, it } from "vitest";
import { runLoad } from "./lib/load";

// webhook-fanout's benchmark, in workerd (real time): `/ingest` throughput beside two bare workers behind the same
// hop, then 1,000 events to 4 destinations (one failing every other request, one rate-limiting) drained.
const SECRET = "bench-fanout-webhook-secret-01";
const INGEST_N = Number((env as unknown as { BENCH_INGEST_N?: string }).BENCH_INGEST_N ?? 1000);
const CONCURRENCY = 16;
const DRAIN_N = Number((env as unknown as { BENCH_DRAIN_N?: string }).BENCH_DRAIN_N ?? 1000);

declare module "cloudflare:workers" {
  interface Env {
    EDGE: Fetcher;
    FANOUT_DB: D1Database;
  }
}
const edge = () => (env as unknown as { EDGE: Fetcher }).EDGE;
const db = () => (env as unknown as { FANOUT_DB: D1Database }).FANOUT_DB;

interface Signed {
  body: string;
  headers: Record<string, string>;
}

async function signed(event: string, data: unknown): Promise<Signed> {
  const body = JSON.stringify({ event, timestamp: new Date().toISOString(), data });
  return {
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Webhook-Event": event,
      "X-Webhook-Signature": await signWebhookBody(SECRET, body),
    },
  };
}

/** Sends every request with `CONCURRENCY` in flight; returns requests per second and latency percentiles. */
const load = (host: string, requests: Signed[]) =>
  runLoad(requests.length, CONCURRENCY, (i) => {
    const r = requests[i] as Signed;
    return edge().fetch(`http://${host}/ingest`, { method: "POST", headers: r.headers, body: r.body });
  });

async function inbox(name: string): Promise<Array<{ body: string; status: number }>> {
  const res = await edge().fetch(`http://localhost:8787/__inbox/${name}?limit=5000`);
  return ((await res.json()) as { data: { requests: Array<{ body: string; status: number }> } }).data.requests;
}

it("measures ingest throughput and a 1,000 × 4 drain", async () => {
  // Warm every target, then the same bodies' shape for all three (distinct bodies: no dedupe shortcuts).
  for (const host of ["fanout.internal", "constant.internal", "store.internal"]) {
    await load(host, [await signed("bench.ingest", { warm: host })]);
  }
  const batch = async (tag: string) =>
    Promise.all(
      Array.from({ length: INGEST_N }, (_, i) => signed("bench.ingest", { id: `${tag}-${i}`, name: `Ingest ${i}` })),
    );
  const constant = await load("constant.internal", await batch("constant"));
  const store = await load("store.internal", await batch("store"));
  const fanout = await load("fanout.internal", await batch("fanout"));
  expect(fanout.failed).toBe(0);
  expect(store.failed).toBe(0);

  // The drain: 1,000 leads, each to 4 destinations.
  const leads = await Promise.all(
    Array.from({ length: DRAIN_N }, (_, i) =>
      signed("lead.created", { id: `lead-${i}`, name: `Bench lead ${i}x`, source: "Bench" }),
    ),
  );
  const started = Date.now();
  const accepted = await load("fanout.internal", leads);
  expect(accepted.failed).toBe(0);
  for (;;) {
    const left = await db()
      .prepare("SELECT count(*) AS n FROM deliveries WHERE state = 'queued' AND destination_id <> 'sink'")
      .first<{ n: number }>();
    if ((left?.n ?? 0) === 0) break;
    if (Date.now() - started > 600_000) throw new Error(`still ${left?.n} deliveries queued after 10 minutes`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const drainSeconds = (Date.now() - started) / 1000;
  const perDestination: Record<string, { delivered: number; lost: number; duplicated: number; requests: number }> = {};
  for (const [id, name, ok] of [
    ["slack", "slack-bench", 200],
    ["http", "bench-http", 200],
    ["flaky", "bench-flaky", 200],
    ["limited", "discord-bench", 204],
  ] as const) {
    const requests = await inbox(name);
    const copies = new Map<number, number>();
    for (const r of requests) {
      if (r.status !== ok) continue;
      const m = /Bench lead (\d+)x/.exec(r.body);
      if (m) copies.set(Number(m[1]), (copies.get(Number(m[1])) ?? 0) + 1);
    }
    const duplicated = [...copies.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
    perDestination[id] = { delivered: copies.size, lost: DRAIN_N - copies.size, duplicated, requests: requests.length };
  }
  const { results: states } = await db()
    .prepare(
      "SELECT destination_id, state, last_error, count(*) AS n FROM deliveries GROUP BY destination_id, state, last_error",
    )
    .all();
  const { results: errors } = await db()
    .prepare(
      "SELECT destination_id, outcome, error_class, status, count(*) AS n FROM attempts WHERE outcome <> 'delivered' GROUP BY 1, 2, 3, 4",
    )
    .all();
  console.log(`BENCH_STATES ${JSON.stringify({ states, errors })}`);
  const result = {
    ingest: {
      n: INGEST_N,
      concurrency: CONCURRENCY,
      constant,
      store,
      fanout,
      ratioToStore: Number((fanout.perSecond / store.perSecond).toFixed(2)),
      ratioToConstant: Number((fanout.perSecond / constant.perSecond).toFixed(2)),
    },
    drain: { events: DRAIN_N, destinations: 4, seconds: Number(drainSeconds.toFixed(1)), perDestination },
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
});
