// Local setup for `npm start`: each connector that talks to the API gets a
// git-ignored .dev.vars pointing at the playground's sandbox with the sandbox's
// fixture key (never a real key), and D1 migrations are applied to the local state.
import { randomBytes } from "node:crypto";
import { appendFileSync, chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { readDevVars } from "./check-fanout-config.mjs";
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

/**
 * Gives the playground (root .dev.vars, git-ignored) the local fan-out's admin URL and its operator token, so the
 * landing page can read the delivery log server-side. Rewritten at every start from the fan-out's own .dev.vars,
 * so the two never drift; the developer's other lines in the file are kept.
 * @param {string} [fanoutUrl]
 * @param {{ file?: string, fanoutDevVars?: string }} [paths]
 */
export function ensurePlaygroundDevVars(fanoutUrl = "http://localhost:8791", paths = {}) {
  const file = paths.file ?? ".dev.vars";
  const token = readDevVars(paths.fanoutDevVars ?? "workers/webhook-fanout/.dev.vars").OPERATOR_TOKEN;
  if (!token) {
    console.warn("webhook-fanout's .dev.vars has no OPERATOR_TOKEN: the landing page will not show its delivery log");
    return;
  }
  const managed = { FANOUT_ADMIN_URL: fanoutUrl, FANOUT_OPERATOR_TOKEN: token };
  const kept = existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(
          (l) => l.trim() && !/^(FANOUT_ADMIN_URL|FANOUT_OPERATOR_TOKEN)\s*=/.test(l) && !l.startsWith("# npm start:"),
        )
    : [];
  const lines = [
    ...kept,
    "# npm start: the local webhook-fanout's admin API, read by the landing page server-side (local values only).",
    ...Object.entries(managed).map(([k, v]) => `${k}=${v}`),
  ];
  writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
  // `mode` applies only to a new file; one the developer made may be readable by others, and now holds a token.
  chmodSync(file, 0o600);
}

/** Applies a worker's D1 migrations to the local state wrangler dev uses. */
export function applyLocalMigrations(config, database, persistTo) {
  process.env.CI ??= "true"; // non-interactive: no confirmation prompt
  run("wrangler", ["d1", "migrations", "apply", database, "--local", "-c", config, "--persist-to", persistTo]);
}
