import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** How to start the Chromium the browser tests drive: its binary and what its environment needs on top. */
export interface ChromiumLaunch {
  executablePath: string;
  /** Added to the test process's environment when Chromium starts (the packaged one's libraries and fonts). */
  env: Record<string, string>;
  /** Where it came from and what `--version` said, for the test log. */
  description: string;
}

const SYSTEM_CHROMIUMS = ["/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"];
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * `CHROMIUM_PATH` if set (it must run: a wrong one is a mistake to report, not to work around), else a system
 * Chromium that runs, else the one inside the `@sparticuz/chromium` devDependency, so `npm ci` is all a machine
 * needs.
 */
export async function resolveChromium(): Promise<ChromiumLaunch> {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    const version = versionOf(chosen, {});
    if (!version.ok) throw new Error(`CHROMIUM_PATH=${chosen} does not run: ${version.why}`);
    return { executablePath: chosen, env: {}, description: `${version.text} (CHROMIUM_PATH=${chosen})` };
  }
  const tried: string[] = [];
  for (const candidate of SYSTEM_CHROMIUMS) {
    const path = candidate.includes("/") ? candidate : onPath(candidate);
    if (!path || !existsSync(path)) {
      tried.push(`${candidate}: not found`);
      continue;
    }
    const version = versionOf(path, {});
    if (version.ok) return { executablePath: path, env: {}, description: `${version.text} (system, ${path})` };
    tried.push(`${path}: ${version.why}`);
  }
  try {
    return await packagedChromium();
  } catch (error) {
    tried.push(`@sparticuz/chromium: ${error instanceof Error ? error.message : String(error)}`);
    throw new Error(
      "The browser tests found no Chromium that runs. Tried:\n" +
        tried.map((t) => `  - ${t}`).join("\n") +
        "\nRun `npm ci` (it installs @sparticuz/chromium, Linux x86_64), or set CHROMIUM_PATH to a Chromium.",
    );
  }
}

/**
 * The Chromium shipped inside `@sparticuz/chromium`, unpacked once per package version into a git-ignored cache
 * in the repo. The package only unpacks NSS, NSPR and expat (which a bare Debian lacks) when it thinks it runs on
 * Amazon Linux, and its fonts.conf names /tmp: so we unpack those ourselves, with its own `inflate`, and point
 * the binary at them through its environment.
 */
async function packagedChromium(): Promise<ChromiumLaunch> {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `it ships a Chromium for Linux x86_64 only, and this is ${process.platform}/${process.arch}: ` +
        "install a Chromium and set CHROMIUM_PATH to it",
    );
  }
  const { default: Chromium, inflate } = await import("@sparticuz/chromium");
  const packageDir = join(dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")), "..");
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
  const cacheRoot = join(REPO_ROOT, "node_modules", ".cache", "sparticuz-chromium");
  const dir = join(cacheRoot, version);
  const binary = join(dir, "chromium");

  if (!existsSync(binary)) {
    await mkdir(cacheRoot, { recursive: true });
    // Unpacked aside and renamed into place whole, so an interrupted or concurrent run never leaves a half cache.
    const staging = await mkdtemp(join(cacheRoot, `${version}.partial-`));
    try {
      await withTmpdir(staging, async () => {
        await Chromium.executablePath(join(packageDir, "bin"));
        await inflate(join(packageDir, "bin", "al2023.tar.br"));
      });
      if (!existsSync(join(staging, "chromium"))) throw new Error(`unpacking did not produce ${staging}/chromium`);
      await writeFile(join(staging, "fonts.conf"), fontsConf(dir));
      await rename(staging, dir).catch((error: unknown) => {
        if (!existsSync(binary)) throw error; // else another run finished first: use its copy
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  const libDir = join(dir, "al2023", "lib");
  const env = {
    LD_LIBRARY_PATH: [libDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(delimiter),
    // Only the package's fonts, so text renders the same on a machine with no fonts at all.
    FONTCONFIG_FILE: join(dir, "fonts.conf"),
  };
  const run = versionOf(binary, env);
  if (!run.ok) {
    const missing = spawnSync("ldd", [binary], { encoding: "utf8", env: { ...process.env, ...env } })
      .stdout?.split("\n")
      .filter((l) => l.includes("not found"))
      .map((l) => l.trim());
    throw new Error(
      `${binary} does not run: ${run.why}${missing?.length ? `\n    missing libraries: ${missing.join(", ")}` : ""}`,
    );
  }
  return { executablePath: binary, env, description: `${run.text} (@sparticuz/chromium ${version}, ${dir})` };
}

/**
 * `@sparticuz/chromium` unpacks into `os.tmpdir()`, and where a copy already is it reuses it unchecked: pointing
 * it at our own fresh folder keeps another version's or a truncated /tmp/chromium out. Nothing else runs in
 * this process meanwhile: Vitest runs the projects' global setups one after another, and this one unpacks first.
 */
async function withTmpdir(dir: string, run: () => Promise<void>): Promise<void> {
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    await run();
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
}

function fontsConf(dir: string): string {
  const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    "<fontconfig>",
    `  <dir>${xml(join(dir, "fonts", "fonts"))}</dir>`,
    `  <cachedir>${xml(join(dir, "fonts-cache"))}</cachedir>`,
    "</fontconfig>",
    "",
  ].join("\n");
}

type Version = { ok: true; text: string } | { ok: false; why: string };

function versionOf(binary: string, env: Record<string, string>): Version {
  const r = spawnSync(binary, ["--version"], { encoding: "utf8", timeout: 20_000, env: { ...process.env, ...env } });
  if (r.error) return { ok: false, why: r.error.message };
  if (r.status !== 0) return { ok: false, why: `exit ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim()}` };
  return { ok: true, text: r.stdout.trim() };
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  return undefined;
}
