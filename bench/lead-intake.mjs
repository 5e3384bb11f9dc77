// The lead-intake section of `npm run bench`: what a visitor downloads (embed.js,
// form.css) and what each worker ships (wrangler's own bundle). Sizes only, no times.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { WORKERS } from "../scripts/workers.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
/** The embed script's budget: what an agent's page pays before the form shows. */
export const EMBED_GZIP_TARGET_BYTES = 5 * 1024;

const gzip9 = (buf) => gzipSync(buf, { level: 9 }).length;
const brotli = (buf) =>
  brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }).length;

function assetSizes(path) {
  const buf = readFileSync(join(root, path));
  return { path, bytes: buf.length, gzipBytes: gzip9(buf), brotliBytes: brotli(buf) };
}

/** Bytes of an unminified bundle under zod's locales, by the module path comments esbuild writes. */
function zodLocalesBytes(code) {
  let inLocales = false;
  let n = 0;
  for (const line of code.split("\n")) {
    const source = /^\/\/ (\S+\.(?:[cm]?js|ts|json))$/.exec(line)?.[1];
    if (source) inLocales = source.includes("zod/v4/locales/");
    if (inLocales) n += Buffer.byteLength(line) + 1;
  }
  return n;
}

/** `wrangler deploy --dry-run` into a temporary folder; the sizes of the bundle it would upload. */
function workerBundle(config, minify) {
  const outdir = mkdtempSync(join(tmpdir(), "bench-bundle-"));
  try {
    const args = ["wrangler", "deploy", "--dry-run", "--outdir", outdir, "-c", config, ...(minify ? ["--minify"] : [])];
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
    return {
      modules,
      bytes: bufs.reduce((n, b) => n + b.length, 0),
      zodLocalesBytes: minify ? undefined : bufs.reduce((n, b) => n + zodLocalesBytes(b.toString("utf8")), 0),
      // Default level, like the client bundle table and `npm run build`.
      gzipBytes: bufs.reduce((n, b) => n + gzipSync(b).length, 0),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Every figure of the section, for bench/results.json. */
export function measureLeadIntake() {
  const embed = assetSizes("workers/lead-intake/public/embed.js");
  const css = assetSizes("workers/lead-intake/public/form.css");
  const workers = WORKERS.map((w) => {
    const shipped = workerBundle(w.config, false);
    const minified = workerBundle(w.config, true);
    const { bytes, gzipBytes } = minified;
    return { worker: w.name, config: w.config, ...shipped, minified: { bytes, gzipBytes } };
  });
  const version = spawnSync("npx", ["wrangler", "--version"], { cwd: root, encoding: "utf8" }).stdout.trim();
  return {
    wranglerVersion: version.split("\n").pop(),
    embedJs: {
      ...embed,
      gzipTargetBytes: EMBED_GZIP_TARGET_BYTES,
      withinTarget: embed.gzipBytes <= EMBED_GZIP_TARGET_BYTES,
    },
    formCss: css,
    workers,
  };
}

const kib = (b) => (b / 1024).toFixed(1);

/** The section of BENCHMARKS.md. */
export function leadIntakeMarkdown(r) {
  const e = r.embedJs;
  const verdict = e.withinTarget
    ? `**pass**: ${e.gzipBytes} B ≤ ${e.gzipTargetBytes} B`
    : `**fail**: ${e.gzipBytes} B > ${e.gzipTargetBytes} B`;
  const asset = (a) =>
    `| \`${a.path.replace("workers/lead-intake/", "")}\` | ${a.bytes} | ${a.gzipBytes} | ${a.brotliBytes} |`;
  const worker = (w) =>
    `| ${w.worker} (\`${w.config}\`) | ${w.modules.join(", ")} | ${kib(w.bytes)} | ${kib(w.gzipBytes)} | ${kib(w.zodLocalesBytes)} | ${kib(w.minified.bytes)} | ${kib(w.minified.gzipBytes)} |`;
  return `## lead-intake: what the page and the worker weigh

What an agent's page downloads for the embedded form, as served from \`workers/lead-intake/public\` (unminified, as
written; gzip level 9 and brotli quality 11 with \`node:zlib\`: the best a compressing server can send; Cloudflare may
compress at a lower level, so a real transfer can be a few bytes larger).

| file | bytes | gzip bytes | brotli bytes |
|---|---|---|---|
${asset(e)}
${asset(r.formCss)}

Target for \`embed.js\`: ≤ ${kib(e.gzipTargetBytes)} KiB gzipped: ${verdict}. A size, measured here, never asserted in
tests. The form's markup is not in it: the script fetches it from \`/f/:formId/fragment\` (one more request), so the
page's cost is this script, this stylesheet and that fragment.

## Worker bundles

What \`npx wrangler deploy --dry-run --outdir <tmp> -c <config>\` bundles for each worker of the repository (wrangler
${r.wranglerVersion}, each wrangler.toml as committed, which is what deploys: only webhook-fanout sets \`minify = true\` and
\`keep_names = false\`, so its two columns agree and its locales column, read from module comments, is empty), and the
same with \`--minify\` for comparison. Gzip at node's default level, as in the client's table and \`npm run build\`. Static assets
(\`[assets]\`, such as embed.js) are uploaded apart from the bundle and are not counted here.

| worker | modules | KiB | gzip KiB | of which zod's locales, KiB | \`--minify\` KiB | \`--minify\` gzip KiB |
|---|---|---|---|---|---|---|
${r.workers.map(worker).join("\n")}

Zod's locales (its error messages in every language it ships: about sixty files) are counted in the unminified bundle
by esbuild's module comments. \`import { z } from "zod"\` keeps all of them; the shared client's
\`import * as z from "zod"\` lets esbuild keep only what is used (English), so a large figure in that column is weight
the worker does not need.
`;
}
