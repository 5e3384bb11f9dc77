// `npm run fanout:register`: creates or updates the ActuallyCare webhook subscription that sends events to a
// deployed webhook-fanout's /ingest. Idempotent; `--dry-run` prints what it would do and writes nothing.
//
//   ACTUALLYCARE_EMAIL=… ACTUALLYCARE_PASSWORD=… ACTUALLYCARE_WEBHOOK_SECRET=… \
//     npm run fanout:register -- --url https://actuallycare-webhook-fanout.<you>.workers.dev/ingest [--events lead.created,escrow.status_changed] [--dry-run]
//
// `--local` registers the playground's sandbox (broker fixture user) for http://localhost:8791/ingest with the
// secret in workers/webhook-fanout/.dev.vars, and moves the sandbox clock to today first (npm start does this).
import { readDevVars } from "./check-fanout-config.mjs";
import { alignSandboxClock, registerFromArgs, registerWebhook, runRegisterCommand } from "./register-webhook.mjs";

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);

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

/**
 * `fanout:register`'s command line (argv without node and the script); `bridge:register` has the same one.
 * @param {{ argv: string[], env: Record<string, string | undefined>, fetch?: typeof fetch,
 *   log?: (line: string) => void }} o
 */
export function registerFanout({ argv, env, fetch, log = console.log }) {
  return registerFromArgs({
    argv,
    env,
    secretVar: "ACTUALLYCARE_WEBHOOK_SECRET",
    hint: 'see workers/webhook-fanout/README.md, "Register with ActuallyCare"',
    ingestUrl: (option) => option("url") ?? env.FANOUT_INGEST_URL,
    events: (option) => (option("events") ?? env.FANOUT_EVENTS ?? "all").split(","),
    fetch,
    log,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runRegisterCommand("fanout:register", () =>
    flag("local") ? registerLocal({ dryRun: flag("dry-run") }) : registerFanout({ argv: args, env: process.env }),
  );
}
