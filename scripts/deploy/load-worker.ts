// Reads one connector as wrangler reads it: the normalized config for the plan,
// the raw config for the generated deploy config, and its package.json hints.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { experimental_readRawConfig, unstable_readConfig } from "wrangler";
import { type DeployHints, deployHintsSchema, specOf, type WorkerSpec } from "./worker-spec.ts";

export interface LoadedWorker {
  spec: WorkerSpec;
  raw: Record<string, unknown>;
}

function packageJsonOf(configPath: string): Record<string, any> {
  const file = join(dirname(configPath), "package.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
}

/** A connector's spec and raw config. `configPath` is relative to the repository root (the working directory). */
export function loadWorker(worker: string, configPath: string): LoadedWorker {
  const config = unstable_readConfig({ config: configPath }, { hideWarnings: true });
  const { rawConfig } = experimental_readRawConfig({ config: configPath });
  const pkg = packageJsonOf(configPath);
  const hints: DeployHints = deployHintsSchema.parse(pkg.actuallycare?.deploy ?? {});
  const descriptions = Object.fromEntries(
    Object.entries<{ description?: string }>(pkg.cloudflare?.bindings ?? {}).flatMap(([k, v]) =>
      v.description ? [[k, v.description]] : [],
    ),
  );
  const migrationsDirs: Record<string, string | undefined> = {};
  for (const d of config.d1_databases ?? []) {
    const dir = join(dirname(configPath), d.migrations_dir ?? "migrations");
    const hasSql = existsSync(dir) && readdirSync(dir).some((f) => f.endsWith(".sql"));
    migrationsDirs[d.binding] = hasSql ? relative(".", dir) : undefined;
  }
  return {
    spec: specOf(worker, configPath, config, hints, migrationsDirs, descriptions),
    raw: rawConfig as Record<string, unknown>,
  };
}

/** The npm scripts of the repository's package.json: post-deploy hooks are run by name only if they exist. */
export function rootScripts(root = "."): Set<string> {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return new Set(Object.keys(pkg.scripts ?? {}));
}
