// `npm run bridge:register`: subscribes the bridge's /ingest to ActuallyCare's webhooks (every event its log keeps),
// idempotently, with the same code and command line as `npm run fanout:register` (scripts/register-webhook.mjs).
// After deploying:
//   ACTUALLYCARE_EMAIL=<broker email> ACTUALLYCARE_PASSWORD=... WEBHOOK_SECRET=<the bridge's secret> \
//     npm run bridge:register -- --bridge-url https://actuallycare-bridge.<you>.workers.dev [--dry-run]
// Options: --api <base URL> (default https://api.actuallycare.com/v1, or ACTUALLYCARE_BASE_URL); without
// --bridge-url, DEPLOYED_URL (set by `npm run deploy -- bridge` after a deploy).
// `npm start` runs it against the sandbox with the sandbox's broker (fixture credentials) and .dev.vars' secret.
import { ingestUrlOf, registerFromArgs, registerWebhook, runRegisterCommand } from "./register-webhook.mjs";

/** The events the bridge keeps: its own catalog (TypeScript, loaded by Node's type stripping). */
export async function bridgeEvents() {
  const { EVENTS } = await import("../workers/bridge/src/event-log/catalog.ts");
  return EVENTS.map((e) => e.event);
}

/**
 * Registers the bridge at `bridgeUrl` with the API at `apiBase` (npm start and the Zapier tests).
 * @param {{ apiBase: string, bridgeUrl: string, email: string, password: string, secret: string, dryRun?: boolean,
 *   fetch?: typeof fetch, log?: (line: string) => void }} o
 */
export async function registerBridge({ apiBase, bridgeUrl, email, password, secret, dryRun, fetch, log }) {
  const events = await bridgeEvents();
  return registerWebhook({
    baseUrl: apiBase,
    email,
    password,
    secret,
    url: ingestUrlOf(bridgeUrl),
    events,
    dryRun,
    fetch,
    log,
  });
}

/**
 * `bridge:register`'s command line (argv without node and the script).
 * @param {{ argv: string[], env: Record<string, string | undefined>, fetch?: typeof fetch,
 *   log?: (line: string) => void }} o
 */
export function registerBridgeFromArgs({ argv, env, fetch, log = console.log }) {
  return registerFromArgs({
    argv,
    env,
    secretVar: "WEBHOOK_SECRET",
    hint: "see workers/bridge/README.md, Deploy",
    ingestUrl: (option) => {
      const url = option("bridge-url");
      return url ? ingestUrlOf(url) : undefined;
    },
    events: bridgeEvents,
    fetch,
    log,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runRegisterCommand("bridge:register", async () => {
    const r = await registerBridgeFromArgs({ argv: process.argv.slice(2), env: process.env });
    console.log(`bridge:register: ${r.dryRun ? "dry run, " : ""}${r.action} ${r.id ?? "(none yet)"} → ${r.url}`);
  });
}
