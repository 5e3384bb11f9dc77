// The lead-intake section of `npm run bench`: what a visitor downloads (embed.js,
// form.css). Sizes only, no times; the worker's own bundle is in worker-bundles.mjs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

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

/** Every figure of the section, for bench/results.json. */
export function measureLeadIntake() {
  const embed = assetSizes("workers/lead-intake/public/embed.js");
  const css = assetSizes("workers/lead-intake/public/form.css");
  return {
    embedJs: {
      ...embed,
      gzipTargetBytes: EMBED_GZIP_TARGET_BYTES,
      withinTarget: embed.gzipBytes <= EMBED_GZIP_TARGET_BYTES,
    },
    formCss: css,
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
  return `## lead-intake: what the page weighs

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
`;
}
