// Local setup for `npm start`: each connector that talks to the API gets a
// git-ignored .dev.vars pointing at the playground's sandbox with the sandbox's
// fixture key (never a real key), and D1 migrations are applied to the local state.
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { SANDBOX_FIXTURE_KEY } from "./local-fixtures.mjs";
import { run } from "./run.mjs";

/** Writes workers/<name>/.dev.vars unless the developer already has one; `extra` lines are the worker's own. */
export function ensureDevVars(name, apiBaseUrl, extra = []) {
  const file = `workers/${name}/.dev.vars`;
  if (existsSync(file)) return;
  const lines = [
    "# Written by npm start for the local sandbox. Never put a real API key in a file under version control.",
    `ACTUALLYCARE_BASE_URL=${apiBaseUrl}`,
    `ACTUALLYCARE_API_KEY=${SANDBOX_FIXTURE_KEY}`,
    `OPERATOR_TOKEN=${randomBytes(24).toString("hex")}`,
    ...extra,
  ];
  writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
  console.log(`wrote ${file} (sandbox fixture key, a random operator token)`);
}

/** Applies a worker's D1 migrations to the local state wrangler dev uses. */
export function applyLocalMigrations(config, database, persistTo) {
  process.env.CI ??= "true"; // non-interactive: no confirmation prompt
  run("wrangler", ["d1", "migrations", "apply", database, "--local", "-c", config, "--persist-to", persistTo]);
}
