// webhook-fanout's ingest run of `npm run bench`: `POST /ingest` (verify, dedupe, delivery rows, enqueue) over real
// HTTP under a local load generator, the fan-out bundled by wrangler exactly as it deploys and run by Miniflare with
// its wrangler.toml bindings, beside baselines in the same run: a bare Worker answering a constant, and a bare
// Worker doing only the same store write (the event and its delivery row, in one D1 batch on the fan-out's own
// schema) and queue send. No consumer runs on either side: only the accept path is timed. Alone:
// `npx node bench/fanout-ingest.mjs`.
import { createHmac } from "node:crypto";
import { pathToFileURL } from "node:url";
import { applyMigrations, bundle, disposeBundles, optionsOf } from "./intake/workers.mjs";
import { bareWorker, interleavedRounds, startMiniflare } from "./lib/miniflare-rounds.mjs";

const CONFIG = "workers/webhook-fanout/wrangler.toml";
const MIGRATIONS = "workers/webhook-fanout/migrations";
const SECRET = "bench-fanout-webhook-secret-01";
/** Interleaved short rounds: the machine's other load changes by the second, so targets are compared round by round. */
export const INGEST = { requests: 300, warmup: 100, concurrency: 16, rounds: 6 };

const CONSTANT = `export default { fetch() {
  return new Response('{"success":true,"data":{"duplicate":false}}', { headers: { "Content-Type": "application/json" } });
} };`;

/** The fan-out's store write and queue send, nothing else (ingest/accept-event.ts, for one destination). */
const STORE = `export default { async fetch(request, env) {
  const body = await request.text();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
  const id = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  const now = Date.now();
  const [inserted] = await env.DB.batch([
    env.DB.prepare("INSERT INTO events (id, name, event_ts, body, received_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING").bind(id, "bench.ingest", new Date(now).toISOString(), body, now),
    env.DB.prepare("INSERT INTO deliveries (event_id, destination_id, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING").bind(id, "sink", now, now),
  ]);
  if (inserted.meta.changes) await env.Q.sendBatch([{ body: { eventId: id, destinationId: "sink", generation: 0 }, contentType: "json" }]);
  return new Response(JSON.stringify({ success: true, data: { eventId: id, duplicate: false, destinations: ["sink"] } }), { headers: { "Content-Type": "application/json" } });
} };`;

function fanoutWorker() {
  const o = optionsOf(CONFIG);
  return {
    ...o,
    name: "webhook-fanout",
    modules: true,
    scriptPath: bundle(CONFIG).scriptPath,
    bindings: {
      ...o.bindings,
      ACTUALLYCARE_WEBHOOK_SECRET: SECRET,
      OPERATOR_TOKEN: "bench-operator-token-0123456789",
      DESTINATIONS: JSON.stringify([
        { id: "sink", type: "http", urlSecret: "SINK_URL", signingSecret: "WHSEC", events: ["bench.ingest"] },
      ]),
      SINK_URL: "https://sink.example/",
      WHSEC: "whsec_YmVuY2gtZmFub3V0LWh0dHAtc2lnbmluZy1rZXktMDE=",
    },
    queueConsumers: {},
  };
}

/** A worker on its own Miniflare, the fan-out's migrations applied to its database. */
const start = (worker) =>
  startMiniflare(worker, async (mf) => {
    const binding = worker.name === "webhook-fanout" ? "FANOUT_DB" : "DB";
    if (worker.d1Databases) await applyMigrations(await mf.getD1Database(binding, worker.name), MIGRATIONS);
  });

let serial = 0;
/** A signed ActuallyCare webhook, distinct from every other (no dedupe shortcut), signed now. */
function signedBody() {
  const n = serial++;
  const body = JSON.stringify({
    event: "bench.ingest",
    timestamp: new Date().toISOString(),
    data: { id: `bench-${n}-${process.pid}`, name: `Ingest ${n}`, source: "Website Form" },
  });
  const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
  const headers = {
    "Content-Type": "application/json",
    "X-Webhook-Event": "bench.ingest",
    "X-Webhook-Signature": signature,
  };
  return { body, headers };
}

/** One load's requests, signed now, and how each is sent. */
function sender(target, n) {
  const requests = Array.from({ length: n }, signedBody);
  return async (i) => {
    const res = await fetch(new URL("/ingest", target.url), { method: "POST", ...requests[i] });
    const text = await res.text();
    if (res.status !== 200 && process.env.BENCH_DEBUG) console.error(res.status, text);
    return res.status === 200;
  };
}

export async function runFanoutIngest(h = INGEST) {
  const io = { d1Databases: ["DB"], queueProducers: { Q: { queueName: "bench-store" } } };
  const targets = [
    { key: "constant", label: "bare Worker answering a constant", ...(await start(bareWorker("constant", CONSTANT))) },
    {
      key: "store",
      label: "bare Worker: the same D1 batch + queue send",
      ...(await start(bareWorker("store", STORE, io))),
    },
    { key: "fanout", label: "webhook-fanout `POST /ingest`", ...(await start(fanoutWorker())) },
  ];
  try {
    const { figures, perRound, ratio } = await interleavedRounds(targets, h, sender);
    return {
      ...h,
      ...figures,
      ratioToStore: ratio("fanout", "store"),
      roundRatiosToStore: perRound("fanout", "store"),
      ratioToConstant: ratio("fanout", "constant"),
      target: 0.8,
    };
  } finally {
    for (const t of targets) await t.mf.dispose();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    console.log(JSON.stringify(await runFanoutIngest(), null, 1));
  } finally {
    disposeBundles();
  }
}
