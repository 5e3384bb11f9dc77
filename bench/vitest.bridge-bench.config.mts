import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { SANDBOX_FIXTURE_KEY } from "../scripts/local-fixtures.mjs";
import { benchWorker, CONSTANT_WORKER, playgroundWorker, root } from "./lib/bench-workers.mts";

/** The bench's read token (and a write one, so authentication compares against more than one token). */
export const BENCH_READ_TOKEN = "bench-bridge-read-token-0123456789abcdef";

/**
 * The network of the read benchmark: every target behind one service-binding hop of the same kind.
 * `bridge.internal` is the bridge (the runner), `d1.internal` a bare worker doing the same D1 read on a copy of the
 * same rows, `constant.internal` a bare worker answering a constant.
 */
const EDGE = `export default {
  async fetch(request, env) {
    const host = new URL(request.url).host;
    if (host === "bridge.internal") return env.BRIDGE.fetch(request);
    if (host === "d1.internal") return env.D1READ.fetch(request);
    if (host === "constant.internal") return env.CONSTANT.fetch(request);
    return new Response("no network in the benchmark", { status: 502 });
  },
};`;

/**
 * The bare D1 worker: the bridge's events table and index (migrations/0001), seeded with the same rows, and the
 * query readEvents runs for a poll without a cursor (newest limit + 1 of one event), answered as JSON rows.
 */
const D1_READ = `export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/seed") {
      await env.DB.batch([
        env.DB.prepare("CREATE TABLE IF NOT EXISTS events (cursor INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL, resource TEXT NOT NULL, record_id TEXT NOT NULL, occurred_at_ms INTEGER NOT NULL, data TEXT NOT NULL, origin TEXT NOT NULL, body_hash TEXT UNIQUE, change_key TEXT NOT NULL UNIQUE, fanned_out INTEGER NOT NULL DEFAULT 0, logged_at_ms INTEGER NOT NULL)"),
        env.DB.prepare("CREATE INDEX IF NOT EXISTS events_by_event ON events (event, cursor)"),
      ]);
      const rows = await request.json();
      await env.DB.batch(rows.map((r) => env.DB.prepare("INSERT INTO events (cursor, event, resource, record_id, occurred_at_ms, data, origin, change_key, fanned_out, logged_at_ms) VALUES (?, ?, ?, ?, ?, ?, 'webhook', ?, 1, ?)").bind(r.cursor, r.event, r.resource, r.record_id, r.occurred_at_ms, r.data, r.change_key, r.logged_at_ms)));
      return new Response("seeded");
    }
    const event = decodeURIComponent(url.pathname.split("/").pop());
    const limit = Number(url.searchParams.get("limit") ?? 50);
    const { results } = await env.DB.prepare("SELECT cursor, event, record_id, occurred_at_ms, data FROM events WHERE event = ? ORDER BY cursor DESC LIMIT ?").bind(event, limit + 1).all();
    return new Response(JSON.stringify(results.slice(0, limit)), { headers: { "Content-Type": "application/json" } });
  },
};`;

/**
 * A counting stand-in for the API, for reconciliation: it counts every request the bridge sends, answers the six
 * resource lists with an account of the configured size (records cloned from the sandbox's first one of each list,
 * so they are shaped as the API shapes them; 1 in 100 changes at each tick), and passes anything else (logins) to
 * the sandbox. \`/__bench/*\` is the benchmark's control, not counted.
 */
const COUNTING_API = `const LISTS = ["leads", "clients", "contacts", "escrows", "listings", "appointments"];
let sizes = {};
let generation = 0;
let counts = {};
const templates = {};
const BASE = Date.parse("2026-01-05T09:00:00.000Z");
const idOf = (list, i) => "0000000" + LISTS.indexOf(list) + "-0000-4000-8000-" + i.toString(16).padStart(12, "0");
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/__bench/account") {
      sizes = await request.json(); generation = 0; counts = {};
      return new Response("ok");
    }
    if (url.pathname === "/__bench/tick") { generation++; return new Response("ok"); }
    if (url.pathname === "/__bench/counts") return Response.json(counts);
    const list = /^\\/v1\\/([a-z]+)$/.exec(url.pathname)?.[1];
    const key = request.method + " " + (list ? "/v1/" + list : url.pathname);
    counts[key] = (counts[key] ?? 0) + 1;
    if (request.method !== "GET" || !LISTS.includes(list)) return env.SANDBOX.fetch(request);
    if (!(list in templates)) {
      const one = new URL(url); one.search = "?page=1&limit=1";
      const body = await (await env.SANDBOX.fetch(new Request(one, { headers: request.headers }))).json();
      const items = Array.isArray(body?.data) ? body.data : body?.data?.[list];
      if (!items?.[0]) return Response.json({ success: false, error: { code: "BENCH_TEMPLATE", message: list + ": " + JSON.stringify(body).slice(0, 300) } }, { status: 500 });
      templates[list] = items[0];
    }
    const n = sizes[list] ?? 0;
    const page = Number(url.searchParams.get("page") ?? 1);
    const limit = Number(url.searchParams.get("limit") ?? 20);
    const items = [];
    for (let i = (page - 1) * limit; i < Math.min(n, page * limit); i++) {
      const changedAt = i % 100 === 0 ? BASE + generation * 60000 : BASE;
      items.push({ ...templates[list], id: idOf(list, i), created_at: new Date(BASE).toISOString(), updated_at: new Date(changedAt).toISOString() });
    }
    const totalPages = Math.ceil(n / limit);
    return Response.json({ success: true, data: { [list]: items, meta: { page, limit, total: n, totalPages, hasMore: page < totalPages } }, timestamp: new Date().toISOString() });
  },
};`;

/** The bridge's benchmark (`node bench/bridge.mjs`, part of `npm run bench`): trigger reads and reconciliation cost. */
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: `${root}/workers/bridge/wrangler.toml` },
      miniflare: {
        bindings: {
          ACTUALLYCARE_API_KEY: SANDBOX_FIXTURE_KEY,
          ACTUALLYCARE_BASE_URL: "http://sandbox.internal/v1",
          ACTUALLYCARE_EMAIL: "jordan.lee@example.com",
          ACTUALLYCARE_PASSWORD: "Sandbox123",
          BRIDGE_TOKENS: JSON.stringify([
            { label: "Zapier (bench)", token: "bench-bridge-full-token-0123456789abcdef", scopes: ["read", "write"] },
            { label: "Reader (bench)", token: BENCH_READ_TOKEN, scopes: ["read"] },
          ]),
          WEBHOOK_SECRET: "bench-bridge-webhook-secret-01",
          CATCH_SECRETS: JSON.stringify({ "web-form": "bench-catch-secret-web-form-01" }),
          CLOCK_SOURCE: "system",
          BENCH_READ_TOKEN,
          // Smaller runs while developing: BENCH_READ_N=200 node bench/bridge.mjs
          ...(process.env.BENCH_READ_N ? { BENCH_READ_N: process.env.BENCH_READ_N } : {}),
          ...(process.env.BENCH_ACCOUNT_SIZES ? { BENCH_ACCOUNT_SIZES: process.env.BENCH_ACCOUNT_SIZES } : {}),
          TEST_MIGRATIONS: await readD1Migrations(`${root}/workers/bridge/migrations`),
        },
        serviceBindings: { EDGE: "edge", ACTUALLYCARE_API: "counting-api" },
        workers: [
          benchWorker("edge", EDGE, {
            serviceBindings: { BRIDGE: "vitest-plugin-runner-bridge-bench", D1READ: "d1read", CONSTANT: "constant" },
          }),
          benchWorker("constant", CONSTANT_WORKER),
          benchWorker("d1read", D1_READ, { d1Databases: ["DB"] }),
          benchWorker("counting-api", COUNTING_API, { serviceBindings: { SANDBOX: "playground" } }),
          playgroundWorker("bench-bridge-playground"),
        ],
      },
    }),
  ],
  test: {
    name: "bridge-bench",
    root,
    include: ["bench/bridge.bench-run.ts"],
    // The bridge logs a line per request; vitest's console capture (an RPC per line to Node, on the same two cores)
    // would bill the harness to it. Straight to workerd's stdout instead, as a deployed worker's console is.
    disableConsoleIntercept: true,
    setupFiles: ["test/bridge/apply-migrations.ts"],
    testTimeout: 900_000,
    hookTimeout: 60_000,
  },
});
