// `npm run bridge:register`: subscribes the bridge's /ingest to ActuallyCare's webhooks (every event its log keeps),
// idempotently. After deploying:
//   ACTUALLYCARE_EMAIL=<broker email> ACTUALLYCARE_PASSWORD=... WEBHOOK_SECRET=<the bridge's secret> \
//     npm run bridge:register -- --bridge-url https://actuallycare-bridge.<you>.workers.dev
// Options: --api <base URL> (default https://api.actuallycare.com/v1, or ACTUALLYCARE_BASE_URL).
// `npm start` runs it against the sandbox with the sandbox's broker (fixture credentials) and .dev.vars' secret.
import { ensureSubscription } from "./webhook-subscription.mjs";

/** The events the bridge keeps: its own catalog (TypeScript, loaded by Node's type stripping). */
export async function bridgeEvents() {
  const { EVENTS } = await import("../workers/bridge/src/event-log/catalog.ts");
  return EVENTS.map((e) => e.event);
}

/** Registers the bridge at `bridgeUrl` with the API at `apiBase`. */
export async function registerBridge({ apiBase, bridgeUrl, email, password, secret }) {
  const url = `${bridgeUrl.replace(/\/+$/, "")}/ingest`;
  return {
    url,
    ...(await ensureSubscription({ apiBase, email, password, url, events: await bridgeEvents(), secret })),
  };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const need = (name) => {
    const v = process.env[name];
    if (!v) {
      console.error(`bridge:register: set ${name}`);
      process.exit(2);
    }
    return v;
  };
  // `npm run deploy -- bridge` runs this after a deploy with DEPLOYED_URL set to the worker's URL.
  const bridgeUrl = arg("bridge-url") ?? process.env.DEPLOYED_URL;
  if (!bridgeUrl) {
    console.error("bridge:register: pass --bridge-url https://<your bridge>");
    process.exit(2);
  }
  try {
    const r = await registerBridge({
      apiBase: arg("api") ?? process.env.ACTUALLYCARE_BASE_URL ?? "https://api.actuallycare.com/v1",
      bridgeUrl,
      email: need("ACTUALLYCARE_EMAIL"),
      password: need("ACTUALLYCARE_PASSWORD"),
      secret: need("WEBHOOK_SECRET"),
    });
    console.log(`bridge:register: ${r.action} ${r.id} → ${r.url}`);
  } catch (err) {
    console.error(`bridge:register: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
