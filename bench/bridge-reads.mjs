// The bridge's trigger-read run of `npm run bench`: `GET /triggers/lead.created` (token auth, query validation, the
// D1 read of the event log, items) over real HTTP under a local load generator, the bridge bundled by wrangler
// exactly as it deploys and run by Miniflare with its wrangler.toml bindings, beside baselines in the same run: a
// bare Worker answering a constant, and a bare Worker running the same D1 query on the same rows (the bridge's own
// migrations) and answering them as JSON. Alone: `npx node bench/bridge-reads.mjs`.
import { pathToFileURL } from "node:url";
import { SANDBOX_FIXTURE_KEY } from "../scripts/local-fixtures.mjs";
import { applyMigrations, bundle, disposeBundles, optionsOf } from "./intake/workers.mjs";
import { bridgeLogRows } from "./lib/bridge-log-rows.mjs";
import { bareWorker, interleavedRounds, startMiniflare } from "./lib/miniflare-rounds.mjs";

const CONFIG = "workers/bridge/wrangler.toml";
const MIGRATIONS = "workers/bridge/migrations";
const READ_TOKEN = "bench-bridge-read-token-0123456789abcdef";
export const READS = { requests: 500, warmup: 100, concurrency: 16, rounds: 6, logRows: 5000, limit: 50 };

const CONSTANT = `export default { fetch() {
  return new Response("[]", { headers: { "Content-Type": "application/json" } });
} };`;

/** The query readEvents runs for a poll without a cursor (newest limit + 1 of one event), rows as JSON. */
const D1_READ = `export default { async fetch(request, env) {
  const url = new URL(request.url);
  const event = decodeURIComponent(url.pathname.split("/").pop());
  const limit = Number(url.searchParams.get("limit") ?? 50);
  const { results } = await env.DB.prepare("SELECT cursor, event, record_id, occurred_at_ms, data FROM events WHERE event = ? ORDER BY cursor DESC LIMIT ?").bind(event, limit + 1).all();
  return new Response(JSON.stringify(results.slice(0, limit)), { headers: { "Content-Type": "application/json" } });
} };`;

async function seed(db, rows) {
  for (let i = 0; i < rows.length; i += 500) {
    await db.batch(
      rows
        .slice(i, i + 500)
        .map((r) =>
          db
            .prepare(
              "INSERT INTO events (cursor, event, resource, record_id, occurred_at_ms, data, origin, change_key, fanned_out, logged_at_ms) VALUES (?, ?, ?, ?, ?, ?, 'webhook', ?, 1, ?)",
            )
            .bind(r.cursor, r.event, r.resource, r.record_id, r.occurred_at_ms, r.data, r.change_key, r.logged_at_ms),
        ),
    );
  }
}

function bridgeWorker() {
  const o = optionsOf(CONFIG);
  return {
    ...o,
    name: "bridge",
    modules: true,
    scriptPath: bundle(CONFIG).scriptPath,
    bindings: {
      ...o.bindings,
      ACTUALLYCARE_API_KEY: SANDBOX_FIXTURE_KEY,
      ACTUALLYCARE_BASE_URL: "http://sandbox.invalid/v1",
      ACTUALLYCARE_EMAIL: "jordan.lee@example.com",
      ACTUALLYCARE_PASSWORD: "Sandbox123",
      BRIDGE_TOKENS: JSON.stringify([
        { label: "Zapier (bench)", token: "bench-bridge-full-token-0123456789abcdef", scopes: ["read", "write"] },
        { label: "Reader (bench)", token: READ_TOKEN, scopes: ["read"] },
      ]),
      WEBHOOK_SECRET: "bench-bridge-webhook-secret-01",
      CATCH_SECRETS: JSON.stringify({ "web-form": "bench-catch-secret-web-form-01" }),
      CLOCK_SOURCE: "system",
    },
    queueConsumers: {},
  };
}

/** A worker on its own Miniflare; with a D1 binding, the bridge's migrations and the rows in it. */
const start = (worker, binding, rows) =>
  startMiniflare(worker, async (mf) => {
    if (!binding) return;
    const db = await mf.getD1Database(binding, worker.name);
    await applyMigrations(db, MIGRATIONS);
    await seed(db, rows);
  });

export async function runBridgeReads(h = READS) {
  const rows = bridgeLogRows(h.logRows);
  const targets = [
    { key: "constant", label: "bare Worker answering a constant", ...(await start(bareWorker("constant", CONSTANT))) },
    {
      key: "bareD1",
      label: "bare Worker: the same D1 read, rows as JSON",
      ...(await start(bareWorker("d1read", D1_READ, { d1Databases: ["DB"] }), "DB", rows)),
    },
    { key: "bridge", label: "bridge `GET /triggers/{event}`", ...(await start(bridgeWorker(), "BRIDGE_DB", rows)) },
  ];
  const headers = { Authorization: `Bearer ${READ_TOKEN}` };
  const sender = (target) => async () => {
    const res = await fetch(new URL(`/triggers/lead.created?limit=${h.limit}`, target.url), { headers });
    const text = await res.text();
    return res.status === 200 && text.startsWith("[");
  };
  try {
    const { figures, perRound, ratio } = await interleavedRounds(targets, h, sender);
    return {
      ...h,
      ...figures,
      ratioToBareD1: ratio("bridge", "bareD1"),
      roundRatiosToBareD1: perRound("bridge", "bareD1"),
      ratioToConstant: ratio("bridge", "constant"),
      target: 0.8,
    };
  } finally {
    for (const t of targets) await t.mf.dispose();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    console.log(JSON.stringify(await runBridgeReads(), null, 1));
  } finally {
    disposeBundles();
  }
}
