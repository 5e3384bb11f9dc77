// What the workerd benchmarks' vitest configs share: auxiliary workers (a constant-answer baseline, the playground
// bundled as the tests bundle it) for Miniflare's `workers` list.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/** A bare worker that reads the request and answers a constant: what any request costs through the same hop. */
export const CONSTANT_WORKER = `export default { async fetch(request) { await request.arrayBuffer(); return new Response('{"success":true}', { headers: { "Content-Type": "application/json" } }); } };`;

/** An inline ES-module worker for Miniflare's `workers` list. */
export const benchWorker = (name: string, script: string, extra: Record<string, unknown> = {}) => ({
  name,
  modules: true,
  script,
  compatibilityDate: "2026-11-01",
  ...extra,
});

/** The playground (the sandbox API and its inboxes), bundled by wrangler as in the tests; returns the entry path. */
export function bundlePlayground(outName = "bench-playground"): string {
  const outdir = `${root}/.wrangler/${outName}`;
  const r = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir, "-c", `${root}/wrangler.toml`], {
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (r.status !== 0) throw new Error(`bundling the playground failed:\n${r.stdout}\n${r.stderr}`);
  return `${outdir}/index.js`;
}

/** The playground as a Miniflare worker named `playground`. */
export const playgroundWorker = (outName?: string) => ({
  name: "playground",
  modules: true,
  scriptPath: bundlePlayground(outName),
  compatibilityDate: "2026-11-01",
  compatibilityFlags: ["nodejs_compat"],
  durableObjects: { SANDBOX: { className: "SandboxApi", useSQLite: true } },
  bindings: { WEBHOOK_RETRY_SCALE: "1", SIGNUP_STATUS: "waitlisted" },
});
