// The workers `npm run bench`'s lead-intake runs start: lead-intake and the playground (the sandbox), each bundled
// by wrangler exactly as `wrangler deploy` bundles it, run by Miniflare with the bindings wrangler.toml declares
// (D1, KV, queues and their consumers, the rate limiter, static assets), lead-intake reaching the sandbox over a
// service binding as in the tests. Real HTTP goes to lead-intake; the sandbox is driven through its own fetcher.
import { spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { SANDBOX_FIXTURE_KEY } from "../../scripts/local-fixtures.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
export const INTAKE_CONFIG = "workers/lead-intake/wrangler.toml";
export const SIGNING_SECRET = randomBytes(32).toString("hex");
export const OPERATOR_TOKEN = randomBytes(24).toString("hex");
/** The bench's form: the shipped demo form's settings, allowed on the bench's own origin. */
export const FORMS = [{ id: "bench", intent: "buyer", allowedOrigins: ["http://bench.example"] }];

const bundles = new Map();
/** `wrangler deploy --dry-run` of a config, once per run: the modules it would upload. */
export function bundle(config) {
  if (bundles.has(config)) return bundles.get(config);
  // Inside the repository: workerd refuses module paths that climb out of the working directory.
  mkdirSync(join(root, ".wrangler"), { recursive: true });
  const outdir = mkdtempSync(join(root, ".wrangler", "bench-intake-"));
  const r = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir, "-c", config], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (r.status !== 0) throw new Error(`bundling ${config} failed:\n${r.stdout}\n${r.stderr}`);
  const main = readdirSync(outdir).find((f) => /\.(js|mjs)$/.test(f) && !f.endsWith(".map"));
  const b = { outdir, scriptPath: join(outdir, main) };
  bundles.set(config, b);
  return b;
}

export function disposeBundles() {
  for (const b of bundles.values()) rmSync(b.outdir, { recursive: true, force: true });
  bundles.clear();
}

/** wrangler.toml's Miniflare options for a config, without the secrets wrangler warns are missing. */
export function optionsOf(config) {
  const warn = console.warn;
  const log = console.log;
  console.warn = () => {};
  console.log = () => {};
  try {
    // The bundle replaces the sources: no module rules, and no root path its modules would have to stay under.
    const {
      modulesRules: _rules,
      rootPath: _root,
      ...o
    } = unstable_getMiniflareWorkerOptions(join(root, config)).workerOptions;
    // Only what is set: Miniflare 5 converts v4 options one by one, and refuses some it cannot map even when empty.
    return Object.fromEntries(
      Object.entries(o).filter(
        ([, v]) =>
          !(v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) &&
          !(Array.isArray(v) && v.length === 0),
      ),
    );
  } finally {
    console.warn = warn;
    console.log = log;
  }
}

/** The lead-intake worker's options: its wrangler.toml, the bench's secrets, the submit limiter out of the way. */
export function intakeWorker({ consumer = true, apiTimeoutMs } = {}) {
  const o = optionsOf(INTAKE_CONFIG);
  return {
    ...o,
    name: "lead-intake",
    modules: true,
    scriptPath: bundle(INTAKE_CONFIG).scriptPath,
    bindings: {
      ...o.bindings,
      FORMS: JSON.stringify(FORMS),
      ACTUALLYCARE_BASE_URL: "http://sandbox.internal/v1",
      ACTUALLYCARE_API_KEY: SANDBOX_FIXTURE_KEY,
      OPERATOR_TOKEN,
      FORM_SIGNING_SECRET: SIGNING_SECRET,
      ...(apiTimeoutMs ? { API_TIMEOUT_MS: String(apiTimeoutMs) } : {}),
    },
    // One load generator is one address: the per-visitor limit (10 a minute) is still called, never reached.
    ratelimits: { SUBMIT_LIMITER: { ...o.ratelimits.SUBMIT_LIMITER, simple: { limit: 1e9, period: 60 } } },
    ...(consumer ? {} : { queueConsumers: {} }),
    serviceBindings: { ACTUALLYCARE_API: "playground" },
  };
}

export function playgroundWorker() {
  return {
    ...optionsOf("wrangler.toml"),
    name: "playground",
    modules: true,
    scriptPath: bundle("wrangler.toml").scriptPath,
  };
}

/** lead-intake (first: it gets the HTTP port) and the playground, with the migrations applied. */
export async function startIntake(opts = {}) {
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      workers: [intakeWorker(opts), playgroundWorker()],
      ...(process.env.BENCH_MF_LOG ? { log: new Log(LogLevel.INFO) } : {}),
    }),
  );
  const url = await mf.ready;
  const db = await mf.getD1Database("LEAD_INTAKE_DB", "lead-intake");
  await applyMigrations(db);
  const sandbox = await mf.getWorker("playground");
  return { mf, url, db, sandbox, producer: () => mf.getQueueProducer("SUBMISSIONS", "lead-intake") };
}

/** A worker's D1 migrations (lead-intake's unless told), statement by statement. */
export async function applyMigrations(db, migrationsDir = "workers/lead-intake/migrations") {
  const dir = join(root, migrationsDir);
  for (const f of readdirSync(dir).sort()) {
    const sql = readFileSync(join(dir, f), "utf8").replace(/^--.*$/gm, "");
    for (const statement of sql
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean))
      await db.prepare(statement).run();
  }
}

/** Calls the sandbox (controls and /v1) through its fetcher; JSON in and out. */
export async function sandboxCall(sandbox, path, { method = "GET", body, key = SANDBOX_FIXTURE_KEY } = {}) {
  const headers = { "X-API-Key": key, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) };
  const res = await sandbox.fetch(`http://sandbox.internal${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** The sandbox fresh, its clock on real time (as the API's is), its global limit out of the way. */
export async function resetSandbox(sandbox) {
  await sandboxCall(sandbox, "/__sandbox/reset", { method: "POST" });
  await sandboxCall(sandbox, "/__sandbox/clock", { method: "POST", body: { now: new Date().toISOString() } });
  await sandboxCall(sandbox, "/__sandbox/config", {
    method: "POST",
    body: { rateLimits: { global: { limit: 1_000_000, windowMs: 900_000 } } },
  });
}

/** The signed `started_at` a rendered form would carry (lead-intake README, "Submission contract"). */
export function startToken(formId, submissionId, startedAtMs) {
  const mac = createHmac("sha256", SIGNING_SECRET)
    .update(`lead-intake start v1\n${formId}\n${submissionId.toLowerCase()}\n${startedAtMs}`)
    .digest("base64url");
  return `${startedAtMs}.${mac}`;
}

/** A valid submission from a person who took their time, its own email (no dedupe between them). */
export function visitor(i, formId = FORMS[0].id) {
  const id = crypto.randomUUID();
  return {
    submission_id: id,
    started_at: startToken(formId, id, Date.now() - 30_000),
    name: `Bench Visitor ${i}`,
    email: `visitor.${i}.${id.slice(0, 8)}@example.com`,
    phone: "(661) 555-0117",
    message: "Looking for a 3-bedroom near Tehachapi.",
    timeline: "1-3 months",
    budget: "425,000",
    utm_source: "newsletter",
    utm_campaign: "spring",
    referrer: "https://www.example.org/",
    landing_page: "https://agent.example.com/listings",
  };
}

/** A JSON submission over HTTP, as the embed script posts it. */
export function postJson(url, body, formId = FORMS[0].id) {
  return fetch(new URL(`/f/${formId}`, url), {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: FORMS[0].allowedOrigins[0] },
    body: JSON.stringify(body),
  });
}
