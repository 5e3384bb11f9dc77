// A connector must build with its own folder as the build root, as the Deploy to
// Cloudflare button (which copies only that folder into a new repository) and
// Workers Builds (root directory = the folder) build it. Offline: the folder is
// copied alone, its declared dependencies are installed the way npm would (the
// registry's packages are this repository's node_modules; @actuallycare/shared is
// `npm pack`ed, exactly what a publish would upload), then `wrangler deploy
// --dry-run` bundles it with that folder as its working directory.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { WORKERS } from "../../scripts/workers.mjs";

const ROOT = resolve(".");
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");
const CONNECTORS = WORKERS.filter((w) => w.name !== "playground").map((w) => w.name);
const json = (file: string) => JSON.parse(readFileSync(file, "utf8"));

function dryRun(cwd: string, outdir = join(cwd, "dist")) {
  return spawnSync(WRANGLER, ["deploy", "--dry-run", "--outdir", outdir], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
}

/** @actuallycare/shared as npm would install it from the registry: the packed tarball, unpacked. */
function packShared(into: string): void {
  const packed = spawnSync("npm", ["pack", "--json", "--pack-destination", into], { cwd: "shared", encoding: "utf8" });
  if (packed.status !== 0) throw new Error(packed.stderr);
  const file = join(into, JSON.parse(packed.stdout)[0].filename);
  const dest = join(into, "node_modules/@actuallycare/shared");
  mkdirSync(dest, { recursive: true });
  const untar = spawnSync("tar", ["xzf", file, "-C", dest, "--strip-components=1"], { encoding: "utf8" });
  if (untar.status !== 0) throw new Error(untar.stderr);
}

/** The connector's folder alone, with what its package.json (and shared's) declare installed beside it. */
function isolatedCopy(name: string, { withShared = true } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `build-root-${name}-`));
  cpSync(join("workers", name), dir, {
    recursive: true,
    filter: (f) => !/node_modules|\.wrangler|\.dev\.vars$|wrangler\.deploy\.jsonc$/.test(f),
  });
  mkdirSync(join(dir, "node_modules"));
  const pkg = json(join(dir, "package.json"));
  const deps = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
  if (deps.delete("@actuallycare/shared") && withShared) {
    packShared(dir);
    // npm hoists the shared package's own dependencies beside the connector's.
    for (const d of Object.keys(json("shared/package.json").dependencies ?? {})) deps.add(d);
  }
  for (const d of deps) {
    mkdirSync(join(dir, "node_modules", d, ".."), { recursive: true });
    if (!existsSync(join(dir, "node_modules", d)))
      symlinkSync(join(ROOT, "node_modules", d), join(dir, "node_modules", d));
  }
  return dir;
}

describe("each connector builds with its folder as the build root", () => {
  for (const name of CONNECTORS) {
    it(`${name}: alone, with only its declared dependencies`, () => {
      const dir = isolatedCopy(name);
      const r = dryRun(dir);
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(existsSync(join(dir, "dist/index.js"))).toBe(true);
    });
  }

  it("and in place, inside this repository (Workers Builds with the folder as root directory)", () => {
    const r = dryRun(resolve("workers/lead-intake"), mkdtempSync(join(tmpdir(), "build-in-place-")));
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  });

  it("fails without the shared package, so the check above proves it resolves", () => {
    const r = dryRun(isolatedCopy("bridge", { withShared: false }));
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/Could not resolve "@actuallycare\/shared\/[a-z/-]+"/);
  });
});

describe("the Deploy button's prerequisites in each connector folder", () => {
  const rootVersion = json("package.json").version;

  for (const name of CONNECTORS) {
    it(`${name}: package.json and .dev.vars.example describe every secret, and versions match`, () => {
      const pkg = json(`workers/${name}/package.json`);
      expect(pkg.version).toBe(rootVersion);
      expect(pkg.dependencies["@actuallycare/shared"]).toBe(`^${json("shared/package.json").version}`);
      const toml = readFileSync(`workers/${name}/wrangler.toml`, "utf8");
      const required = toml.match(/^required\s*=\s*\[([^\]]*)\]/m)?.[1]?.match(/[A-Z0-9_]+/g) ?? [];
      const optional: string[] = pkg.actuallycare?.deploy?.optionalSecrets ?? [];
      const example = readFileSync(`workers/${name}/.dev.vars.example`, "utf8");
      const set = [...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]);
      const commented = [...example.matchAll(/^# ([A-Z0-9_]+)=/gm)].map((m) => m[1]);
      // Required secrets are uncommented (the button asks for each), optional ones commented out.
      expect(set).toEqual(required);
      expect(commented).toEqual(optional);
      for (const s of [...required, ...optional]) {
        expect(pkg.cloudflare.bindings[s]?.description, `${name}: ${s}`).toBeTruthy();
        // Each secret's entry says how to get or generate it, on the comment lines just above it.
        const above = example
          .slice(0, example.search(new RegExp(`^(# )?${s}=`, "m")))
          .trimEnd()
          .split("\n")
          .pop();
        expect(above, `${name}: ${s} has no comment above it`).toMatch(/^# \S/);
      }
    });
  }

  it("shared's version is the repository's (the /health version of a connector built from its own folder)", () => {
    expect(json("shared/package.json").version).toBe(rootVersion);
  });
});
