#!/usr/bin/env node
// Fills in lockfile entries for platform-specific optional packages that the
// registry mirror of our build machines does not serve (e.g. biome's and
// workerd's macOS/Windows/musl binaries). `npm install` silently leaves them
// out there, and then `npm ci` refuses the lockfile as "out of sync" on every
// machine. The entries we add carry os/cpu/libc, so npm skips them on any
// platform they don't fit and installs them normally where they do.
//
// Run after changing dependencies: `npm install && npm run lock:complete`.
// `--check` (part of `npm test`) fails instead of writing when entries are missing.
import { readFileSync, writeFileSync } from "node:fs";

const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const packages = lock.packages;

const OS_TOKENS = { darwin: "darwin", win32: "win32", windows: "win32", linux: "linux", android: "android" };
const CPU_TOKENS = { x64: "x64", 64: "x64", arm64: "arm64" };

/**
 * Where Node would resolve `name` from the package at `fromPath`, or null;
 * with `version`, only a resolution to that exact version counts (a hoisted
 * copy of another version does not satisfy an exact platform pin).
 */
function resolveFrom(fromPath, name, version) {
  let dir = fromPath;
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return version === undefined || packages[candidate].version === version ? candidate : null;
    if (!dir) return null;
    const cut = dir.lastIndexOf("/node_modules/");
    dir = cut === -1 ? "" : dir.slice(0, cut);
  }
}

/** os/cpu/libc from a platform package name such as `cli-linux-arm64-musl` or `workerd-windows-64`. */
function platformOf(name) {
  const tokens = name.split("/").pop().split("-");
  const os = tokens.map((t) => OS_TOKENS[t]).find(Boolean);
  const cpu = tokens.map((t) => CPU_TOKENS[t]).find(Boolean);
  if (!os || !cpu) throw new Error(`cannot tell the platform of ${name}; add its entry by hand`);
  const entry = { cpu: [cpu], os: [os] };
  if (os === "linux") entry.libc = [tokens.includes("musl") ? "musl" : "glibc"];
  return entry;
}

let added = 0;
for (const [path, node] of Object.entries(packages)) {
  const optional = node.optionalDependencies ?? {};
  const exact = (spec) => (/^\d+\.\d+\.\d+$/.test(spec) ? spec : undefined);
  const present = Object.entries(optional)
    .map(([dep, spec]) => resolveFrom(path, dep, exact(spec)))
    .filter(Boolean);
  for (const [dep, spec] of Object.entries(optional)) {
    if (resolveFrom(path, dep, exact(spec))) continue;
    // Only platform binaries are known to be missing; anything else is a real problem.
    if (!/^\d+\.\d+\.\d+/.test(spec) || present.length === 0) {
      throw new Error(`${path} needs ${dep}@${spec}, which is not in the lockfile`);
    }
    const sibling = present[0];
    const target = `${sibling.slice(0, sibling.lastIndexOf("node_modules/"))}node_modules/${dep}`;
    const template = packages[sibling];
    packages[target] = {
      version: spec,
      ...platformOf(dep),
      ...(template.dev ? { dev: true } : {}),
      ...(template.license ? { license: template.license } : {}),
      optional: true,
      ...(template.engines ? { engines: template.engines } : {}),
    };
    added += 1;
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
if (process.argv.includes("--check")) {
  if (added) {
    console.error(`package-lock.json lacks ${added} platform entries: run \`npm run lock:complete\` and commit it`);
    process.exit(1);
  }
} else writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added ? `added ${added} platform entries to package-lock.json` : "package-lock.json is complete");
