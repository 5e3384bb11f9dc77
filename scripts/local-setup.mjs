// Local setup for `npm start`: each connector that talks to the API gets a
// git-ignored .dev.vars pointing at the playground's sandbox with the sandbox's
// fixture key (never a real key), and D1 migrations are applied to the local state.
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { SANDBOX_FIXTURE_KEY } from "./local-fixtures.mjs";
import { run } from "./run.mjs";

/** Random secrets a fresh .dev.vars gets; one missing from an older file is added to it. */
const GENERATED = {
  OPERATOR_TOKEN: () => randomBytes(24).toString("hex"),
  FORM_SIGNING_SECRET: () => randomBytes(32).toString("hex"),
};

/** The generated secrets this worker declares in its .dev.vars.example, so no worker holds another's secret. */
function generatedFor(name) {
  const example = readFileSync(`workers/${name}/.dev.vars.example`, "utf8");
  return Object.entries(GENERATED).filter(([k]) => new RegExp(`^#?\\s*${k}=`, "m").test(example));
}

/**
 * Writes workers/<name>/.dev.vars unless the developer already has one; then adds a generated secret it lacks.
 * @param {string} name
 * @param {string} apiBaseUrl
 * @param {Record<string, string> | string[]} [extra] more local-only values (never real secrets): `NAME: value`
 *   pairs, or the worker's own lines (comments included)
 */
export function ensureDevVars(name, apiBaseUrl, extra = {}) {
  const file = `workers/${name}/.dev.vars`;
  if (existsSync(file)) {
    const text = readFileSync(file, "utf8");
    const missing = generatedFor(name).filter(([k]) => !new RegExp(`^${k}=`, "m").test(text));
    if (missing.length === 0) return;
    const lines = missing.map(([k, make]) => `${k}=${make()}`);
    appendFileSync(file, `${text.endsWith("\n") ? "" : "\n"}${lines.join("\n")}\n`);
    console.log(`added ${missing.map(([k]) => k).join(", ")} (random) to ${file}`);
    return;
  }
  const lines = [
    "# Written by npm start for the local sandbox. Never put a real API key in a file under version control.",
    `ACTUALLYCARE_BASE_URL=${apiBaseUrl}`,
    `ACTUALLYCARE_API_KEY=${SANDBOX_FIXTURE_KEY}`,
    ...generatedFor(name).map(([k, make]) => `${k}=${make()}`),
    ...(Array.isArray(extra) ? extra : Object.entries(extra).map(([k, v]) => `${k}=${v}`)),
  ];
  writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
  const random = generatedFor(name).map(([k]) => k);
  console.log(`wrote ${file} (sandbox fixture key${random.length > 0 ? `, random ${random.join(" and ")}` : ""})`);
}

/**
 * Writes workers/webhook-fanout/.dev.vars unless the developer already has one: a random local webhook secret
 * (the sandbox subscription that npm start registers signs with it), a random operator token, and the four
 * shipped destinations pointed at the playground's local inboxes, the http one with its own whsec_ secret.
 */
export function ensureFanoutDevVars(playgroundUrl = "http://localhost:8787") {
  const file = "workers/webhook-fanout/.dev.vars";
  if (existsSync(file)) return;
  const lines = [
    "# Written by npm start for the local loop (sandbox → /ingest → the playground's inboxes). Local values only.",
    `ACTUALLYCARE_WEBHOOK_SECRET=local_${randomBytes(16).toString("hex")}`,
    `OPERATOR_TOKEN=${randomBytes(24).toString("hex")}`,
    `SLACK_WEBHOOK_URL=${playgroundUrl}/__inbox/slack`,
    `TEAMS_WEBHOOK_URL=${playgroundUrl}/__inbox/teams`,
    `DISCORD_WEBHOOK_URL=${playgroundUrl}/__inbox/discord`,
    `HTTP_DESTINATION_URL=${playgroundUrl}/__inbox/http`,
    `HTTP_DESTINATION_SECRET=whsec_${randomBytes(32).toString("base64")}`,
  ];
  writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
  console.log(`wrote ${file} (a local webhook secret, a random operator token, the local inboxes)`);
}

/** Applies a worker's D1 migrations to the local state wrangler dev uses. */
export function applyLocalMigrations(config, database, persistTo) {
  process.env.CI ??= "true"; // non-interactive: no confirmation prompt
  run("wrangler", ["d1", "migrations", "apply", database, "--local", "-c", config, "--persist-to", persistTo]);
}
