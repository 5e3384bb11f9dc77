// `npm run fanout:register`: creates or updates the ActuallyCare webhook subscription that sends events to a
// deployed webhook-fanout's /ingest. Idempotent; `--dry-run` prints what it would do and writes nothing.
//
//   ACTUALLYCARE_EMAIL=… ACTUALLYCARE_PASSWORD=… ACTUALLYCARE_WEBHOOK_SECRET=… \
//     npm run fanout:register -- --url https://actuallycare-webhook-fanout.<you>.workers.dev/ingest [--events lead.created,escrow.status_changed] [--dry-run]
//
// `--local` registers the playground's sandbox (broker fixture user) for http://localhost:8791/ingest with the
// secret in workers/webhook-fanout/.dev.vars, and moves the sandbox clock to today first (npm start does this).
import { readDevVars } from "./check-fanout-config.mjs";
import { alignSandboxClock, registerWebhook } from "./register-webhook.mjs";

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

export const LOCAL = {
  playground: "http://localhost:8787",
  baseUrl: "http://localhost:8787/v1",
  // The sandbox's fixture broker (sandbox/README.md): published test credentials, not secrets.
  email: "maria.alvarez@example.com",
  password: "Sandbox123",
  url: "http://localhost:8791/ingest",
};

/** Registers the local loop: the sandbox's clock at today, then the subscription. */
export async function registerLocal({ dryRun = false, log = console.log } = {}) {
  const secret = readDevVars("workers/webhook-fanout/.dev.vars").ACTUALLYCARE_WEBHOOK_SECRET;
  if (!secret)
    throw new Error("workers/webhook-fanout/.dev.vars has no ACTUALLYCARE_WEBHOOK_SECRET: run npm start once");
  if (!dryRun) {
    const was = await alignSandboxClock(LOCAL.playground);
    if (was) log(`moved the sandbox clock from ${was} to now, so its webhooks pass the freshness check`);
  }
  return registerWebhook({ ...LOCAL, events: ["all"], secret, dryRun, log });
}

async function main() {
  const dryRun = flag("dry-run");
  if (flag("local")) {
    await registerLocal({ dryRun });
    return;
  }
  const need = (name, value) => {
    if (!value)
      throw new Error(`${name} is required (see workers/webhook-fanout/README.md, "Register with ActuallyCare")`);
    return value;
  };
  const events = (option("events") ?? process.env.FANOUT_EVENTS ?? "all").split(",");
  await registerWebhook({
    baseUrl: process.env.ACTUALLYCARE_BASE_URL ?? "https://api.actuallycare.com/v1",
    email: need("ACTUALLYCARE_EMAIL", process.env.ACTUALLYCARE_EMAIL),
    password: need("ACTUALLYCARE_PASSWORD", process.env.ACTUALLYCARE_PASSWORD),
    secret: need("ACTUALLYCARE_WEBHOOK_SECRET", process.env.ACTUALLYCARE_WEBHOOK_SECRET),
    // `npm run deploy -- webhook-fanout` runs this after a deploy with DEPLOYED_URL set to the worker's URL.
    url: need(
      "--url or FANOUT_INGEST_URL",
      option("url") ??
        process.env.FANOUT_INGEST_URL ??
        (process.env.DEPLOYED_URL ? `${process.env.DEPLOYED_URL.replace(/\/+$/, "")}/ingest` : undefined),
    ),
    events,
    dryRun,
    log: console.log,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(`✖ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
