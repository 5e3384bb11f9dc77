import { readFileSync } from "node:fs";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { benchWorker, CONSTANT_WORKER, playgroundWorker, root } from "./lib/bench-workers.mts";

const SECRET = "bench-fanout-webhook-secret-01";
const WHSEC = "whsec_YmVuY2gtZmFub3V0LWh0dHAtc2lnbmluZy1rZXktMDE=";
const INBOX = "http://localhost:8787/__inbox";

/** Ingest-only events go to a sink that answers at once; the drain's leads go to four inboxes, two of them faulty. */
const DESTINATIONS = JSON.stringify([
  { id: "sink", type: "http", urlSecret: "SINK_URL", signingSecret: "WHSEC", events: ["bench.ingest"] },
  { id: "slack", type: "slack", urlSecret: "SLACK_URL", events: ["lead.created"] },
  { id: "http", type: "http", urlSecret: "HTTP_URL", signingSecret: "WHSEC", events: ["lead.created"] },
  { id: "flaky", type: "http", urlSecret: "FLAKY_URL", signingSecret: "WHSEC", events: ["lead.created"] },
  { id: "limited", type: "discord", urlSecret: "LIMITED_URL", events: ["lead.created"] },
]);

/**
 * The network of the benchmark: every target behind one hop of the same kind. `fanout.internal` is the worker
 * under test (the runner), `constant.internal` a bare worker answering a constant, `store.internal` a bare worker
 * doing only the same kind of D1 write and queue send, `sink.internal` a destination answering 200 at once, and
 * `localhost:8787` the playground.
 */
const EDGE = `export default {
  async fetch(request, env) {
    const host = new URL(request.url).host;
    if (host === "fanout.internal") return env.FANOUT.fetch(request);
    if (host === "constant.internal") return env.CONSTANT.fetch(request);
    if (host === "store.internal") return env.STORE.fetch(request);
    if (host === "sink.internal") { await request.arrayBuffer(); return new Response("ok"); }
    if (host === "localhost:8787") return env.PLAYGROUND.fetch(request);
    return new Response("no network in the benchmark", { status: 502 });
  },
};`;

/** webhook-fanout's own schema (its migration), so the bare worker writes to the same tables and indexes. */
const SCHEMA = readFileSync(`${root}/workers/webhook-fanout/migrations/0001_fanout.sql`, "utf8")
  .replace(/--.*$/gm, "")
  .split(";")
  .map((s) => s.trim())
  .filter(Boolean);

/**
 * The same store write and queue send as the fan-out's ingest, nothing else: the body under its SHA-256 and one
 * delivery row for its one destination, in one D1 batch on the fan-out's schema (ON CONFLICT DO NOTHING, as the
 * fan-out dedupes), then one message.
 */
const STORE = `let ready;
const SCHEMA = ${JSON.stringify(SCHEMA)};
export default {
  async fetch(request, env) {
    ready ??= env.DB.batch(SCHEMA.map((s) => env.DB.prepare(s)));
    await ready;
    const body = await request.text();
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
    const id = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
    const now = Date.now();
    await env.DB.batch([
      env.DB.prepare("INSERT INTO events (id, name, event_ts, body, received_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING").bind(id, "bench.ingest", new Date(now).toISOString(), body, now),
      env.DB.prepare("INSERT INTO deliveries (event_id, destination_id, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING").bind(id, "sink", now, now),
    ]);
    await env.Q.send({ eventId: id, destinationId: "sink", generation: 0 }, { contentType: "json" });
    return new Response('{"success":true}', { headers: { "Content-Type": "application/json" } });
  },
  async queue(batch) { batch.ackAll(); },
};`;

/** webhook-fanout's benchmark (`npm run bench`): ingest throughput against two bare workers, and a 1,000-event drain. */
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: `${root}/workers/webhook-fanout/wrangler.toml` },
      miniflare: {
        bindings: {
          ACTUALLYCARE_WEBHOOK_SECRET: SECRET,
          OPERATOR_TOKEN: "bench-operator-token-0123456789",
          DESTINATIONS,
          SINK_URL: "https://sink.internal/",
          SLACK_URL: `${INBOX}/slack-bench`,
          HTTP_URL: `${INBOX}/bench-http`,
          FLAKY_URL: `${INBOX}/bench-flaky?failEvery=2`,
          LIMITED_URL: `${INBOX}/discord-bench?status=429&retryAfter=1&failEvery=5`,
          WHSEC,
          DELIVERY_BASE_DELAY_SECONDS: "1",
          DELIVERY_MAX_DELAY_SECONDS: "4",
          DELIVERY_MAX_ATTEMPTS: "12",
          FAILURE_STREAK_LIMIT: "0",
          // Smaller runs while developing: BENCH_DRAIN_N=200 npx vitest run --config bench/vitest.fanout-bench.config.mts
          ...(process.env.BENCH_DRAIN_N ? { BENCH_DRAIN_N: process.env.BENCH_DRAIN_N } : {}),
          ...(process.env.BENCH_INGEST_N ? { BENCH_INGEST_N: process.env.BENCH_INGEST_N } : {}),
          TEST_MIGRATIONS: await readD1Migrations(`${root}/workers/webhook-fanout/migrations`),
        },
        outboundService: "edge",
        serviceBindings: { EDGE: "edge" },
        workers: [
          benchWorker("edge", EDGE, {
            serviceBindings: {
              FANOUT: "vitest-plugin-runner-fanout-bench",
              CONSTANT: "constant",
              STORE: "store",
              PLAYGROUND: "playground",
            },
          }),
          benchWorker("constant", CONSTANT_WORKER),
          benchWorker("store", STORE, {
            d1Databases: ["DB"],
            queueProducers: { Q: "bench-store-queue" },
            queueConsumers: { "bench-store-queue": { maxBatchSize: 10, maxBatchTimeout: 1 } },
          }),
          playgroundWorker(),
        ],
      },
    }),
  ],
  test: {
    name: "fanout-bench",
    root,
    include: ["bench/fanout.bench-run.ts"],
    // The fan-out logs a line per request and per delivery; vitest's console capture (an RPC per line to Node, on
    // the same cores) would bill the harness to it. Straight to workerd's stdout instead, as a deployed worker's is.
    disableConsoleIntercept: true,
    setupFiles: ["test/webhook-fanout/apply-migrations.ts"],
    testTimeout: 900_000,
    hookTimeout: 60_000,
  },
});
