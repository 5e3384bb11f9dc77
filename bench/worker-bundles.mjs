// The worker-bundle section of `npm run bench`: what each worker ships, built by
// wrangler exactly as `wrangler deploy` builds it (each wrangler.toml as committed,
// so minified where it says `minify = true`), beside a bare Hono worker built the
// same way, with what each bundle is made of (esbuild's metafile). Sizes only.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { unstable_readConfig } from "wrangler";
import { WORKERS } from "../scripts/workers.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const KIB = 1024;
/** What lead-intake may weigh as deployed (issue #8). */
export const LEAD_INTAKE_GZIP_TARGET_BYTES = 40 * KIB;
/** A bare Hono app, built like the connectors: what any Hono worker pays before its own code. */
export const BARE_HONO = { name: "bare Hono (`bench/entries/bare-hono.ts`)", config: "bench/entries/bare-hono.toml" };

/** Which part of the repository or of node_modules a bundled input belongs to. */
function partOf(input) {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
  if (pkg) return pkg;
  if (input.startsWith("shared/src/client/")) return "shared client";
  if (input.startsWith("shared/")) return "shared (other)";
  if (input.startsWith("workers/")) return "worker's own code";
  return "other";
}

/** `wrangler deploy --dry-run` into a temporary folder: the bundle it would upload, and what it is made of. */
export function workerBundle(config) {
  const outdir = mkdtempSync(join(tmpdir(), "bench-bundle-"));
  try {
    const metafile = join(outdir, "meta.json");
    const args = ["wrangler", "deploy", "--dry-run", "--outdir", outdir, "--metafile", metafile, "-c", config];
    const r = spawnSync("npx", args, {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    if (r.status !== 0) {
      process.stderr.write(r.stdout + r.stderr);
      throw new Error(`npx ${args.join(" ")} failed`);
    }
    const modules = readdirSync(outdir).filter((f) => /\.(js|mjs)$/.test(f));
    const bufs = modules.map((f) => readFileSync(join(outdir, f)));
    const meta = JSON.parse(readFileSync(metafile, "utf8"));
    const parts = {};
    // esbuild names inputs relative to the config's folder.
    const base = resolve(root, dirname(config));
    for (const [name, out] of Object.entries(meta.outputs)) {
      if (!/\.(js|mjs)$/.test(name)) continue;
      for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
        const part = partOf(relative(root, resolve(base, input)));
        parts[part] = (parts[part] ?? 0) + bytesInOutput;
      }
    }
    const { minify = false } = unstable_readConfig({ config: join(root, config) }, { hideWarnings: true });
    return {
      config,
      minify,
      modules,
      bytes: bufs.reduce((n, b) => n + b.length, 0),
      // Default level, like the client bundle table and `npm run build`.
      gzipBytes: bufs.reduce((n, b) => n + gzipSync(b).length, 0),
      /** Minified (or not, as the config says) bytes per package or part of the repository, largest first. */
      parts: Object.fromEntries(
        Object.entries(parts)
          .filter(([, n]) => n > 0)
          .sort((a, b) => b[1] - a[1]),
      ),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Every worker of the repository and the bare Hono baseline, with lead-intake's target. */
export function measureWorkerBundles() {
  const bareHono = { worker: "bare-hono", ...workerBundle(BARE_HONO.config) };
  const workers = WORKERS.map((w) => {
    const b = { worker: w.name, ...workerBundle(w.config) };
    return { ...b, beyondHonoGzipBytes: b.gzipBytes - bareHono.gzipBytes };
  });
  const leadIntake = workers.find((w) => w.worker === "lead-intake");
  const version = spawnSync("npx", ["wrangler", "--version"], { cwd: root, encoding: "utf8" }).stdout.trim();
  return {
    wranglerVersion: version.split("\n").pop(),
    bareHono,
    workers,
    leadIntakeTarget: {
      gzipTargetBytes: LEAD_INTAKE_GZIP_TARGET_BYTES,
      gzipBytes: leadIntake.gzipBytes,
      withinTarget: leadIntake.gzipBytes <= LEAD_INTAKE_GZIP_TARGET_BYTES,
    },
  };
}

const kib = (b) => (b / KIB).toFixed(1);
export const verdict = (bytes, target) =>
  bytes <= target ? `**pass** (${kib(bytes)} ≤ ${kib(target)})` : `**fail** (${kib(bytes)} > ${kib(target)})`;

/** The sections of BENCHMARKS.md. */
export function workerBundlesMarkdown(r) {
  const row = (w, name = `${w.worker} (\`${w.config}\`)`) =>
    `| ${name} | ${w.minify ? "yes" : "no"} | ${kib(w.bytes)} | ${kib(w.gzipBytes)} | ${w.beyondHonoGzipBytes === undefined ? "" : kib(w.beyondHonoGzipBytes)} |`;
  const li = r.workers.find((w) => w.worker === "lead-intake");
  const share = (n) => `${((100 * n) / li.bytes).toFixed(0)}%`;
  const parts = Object.entries(li.parts)
    .map(([part, n]) => `| ${part} | ${kib(n)} | ${share(n)} |`)
    .join("\n");
  return `## Worker bundles

What \`npx wrangler deploy --dry-run --outdir <tmp> -c <config>\` bundles for each worker (wrangler ${r.wranglerVersion}),
each wrangler.toml as committed: this is what deploys. The connectors set \`minify = true\` (and upload source maps,
which are not counted here); the playground is a development tool and is not minified. Gzip at node's default level,
as in the client's table and \`npm run build\`. Static assets (\`[assets]\`, such as embed.js) are uploaded apart from
the bundle and are not counted. The bare Hono worker is one route on \`new Hono()\`, built the same way
(\`${BARE_HONO.config}\`): the last column is what a worker weighs beyond what any Hono worker pays.

| worker | minified | KiB | gzip KiB | gzip KiB beyond bare Hono |
|---|---|---|---|---|
${row(r.bareHono, BARE_HONO.name)}
${r.workers.map((w) => row(w)).join("\n")}

Target for lead-intake as deployed: ≤ ${kib(r.leadIntakeTarget.gzipTargetBytes)} KiB gzip: ${verdict(r.leadIntakeTarget.gzipBytes, r.leadIntakeTarget.gzipTargetBytes)}.

What lead-intake's bundle is made of, by esbuild's metafile (\`--metafile\`): bytes of each part in the bundle, before
gzip.

| part | KiB | share |
|---|---|---|
${parts}
`;
}
