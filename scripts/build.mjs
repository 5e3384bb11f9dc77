// Bundles every worker offline with `wrangler deploy --dry-run` (so each one
// builds on its own) and reports the sizes of what deploys: each wrangler.toml as
// committed, minified where it sets `minify = true` (every connector). --json
// prints them as JSON.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { unstable_readConfig } from "wrangler";
import { run } from "./run.mjs";
import { WORKERS } from "./workers.mjs";

// Absolute: wrangler resolves --outdir against the config file's folder.
const outRoot = resolve("dist");
const sizes = [];
for (const w of WORKERS) {
  const outdir = join(outRoot, w.name);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  run("wrangler", ["deploy", "--dry-run", "--outdir", outdir, "-c", w.config], { quiet: true });
  const js = readdirSync(outdir).filter((f) => f.endsWith(".js"));
  const raw = js.reduce((n, f) => n + statSync(join(outdir, f)).size, 0);
  const gz = js.reduce((n, f) => n + gzipSync(readFileSync(join(outdir, f))).length, 0);
  const { minify = false } = unstable_readConfig({ config: w.config }, { hideWarnings: true });
  sizes.push({ worker: w.name, minified: minify, bytes: raw, gzipBytes: gz });
}
if (process.argv.includes("--json")) console.log(JSON.stringify(sizes));
else
  console.table(
    sizes.map((s) => ({
      worker: s.worker,
      minified: s.minified,
      KiB: (s.bytes / 1024).toFixed(1),
      "gzip KiB": (s.gzipBytes / 1024).toFixed(1),
    })),
  );
