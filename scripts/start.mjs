// `npm start`: runs the playground (sandbox + landing page) and the four
// connectors, each with `wrangler dev` on its fixed port, so the whole loop
// runs locally. State persists in .wrangler/state across restarts.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { bridgeDevVarLines } from "./bridge-dev-vars.mjs";
import { registerLocalBridge } from "./bridge-local.mjs";
import { registerLocal } from "./fanout-register.mjs";
import { applyLocalMigrations, ensureDevVars, ensureFanoutDevVars, ensurePlaygroundDevVars } from "./local-setup.mjs";
import { WORKERS } from "./workers.mjs";

process.env.WRANGLER_SEND_METRICS = "false";
ensureDevVars("lead-intake", "http://localhost:8787/v1");
applyLocalMigrations("workers/lead-intake/wrangler.toml", "actuallycare-lead-intake", ".wrangler/state");
// escrow-digest: its HTTP email provider posts to the playground's outbox, and its "today" follows the
// sandbox's clock (which starts at the fixtures' date), so previews and the outbox show real deadlines.
ensureDevVars("escrow-digest", "http://localhost:8787/v1", {
  EMAIL_API_URL: "http://localhost:8787/__outbox",
  RESEND_API_KEY: "re_local_outbox",
  UNSUBSCRIBE_SECRET: randomBytes(32).toString("hex"),
  DEV_CLOCK_URL: "http://localhost:8787/__sandbox/clock",
});
applyLocalMigrations("workers/escrow-digest/wrangler.toml", "actuallycare-escrow-digest", ".wrangler/state");
ensureFanoutDevVars();
// The landing page shows the fan-out's delivery log, read with its operator token on the playground's side only.
ensurePlaygroundDevVars();
applyLocalMigrations("workers/webhook-fanout/wrangler.toml", "actuallycare-webhook-fanout", ".wrangler/state");
ensureDevVars("bridge", "http://localhost:8787/v1", bridgeDevVarLines());
applyLocalMigrations("workers/bridge/wrangler.toml", "actuallycare-bridge", ".wrangler/state");

const children = [];
const ready = new Set();
const width = Math.max(...WORKERS.map((w) => w.name.length));

function printUrls() {
  console.log("\nAll workers are running:");
  for (const w of WORKERS) {
    const extra = w.name === "playground" ? "   (sandbox API: http://localhost:8787/v1)" : "";
    console.log(`  ${w.name.padEnd(width)}  http://localhost:${w.port}${extra}`);
  }
  console.log("\nOpen http://localhost:8787 for the landing page, http://localhost:8787/demo for a demo agent site");
  console.log("with the lead-intake form embedded; what webhook-fanout delivers shows up on the landing page.");
  console.log("Fire escrow-digest's cron with");
  console.log(
    "curl 'http://localhost:8790/__scheduled?cron=*/15+*+*+*+*' and see the digests at http://localhost:8787/__outbox/view.",
  );
  console.log("Ctrl-C stops everything.\n");
}

for (const w of WORKERS) {
  const child = spawn(
    "wrangler",
    [
      "dev",
      "-c",
      w.config,
      "--port",
      String(w.port),
      "--inspector-port",
      String(w.port + 1442),
      "--persist-to",
      ".wrangler/state",
      "--show-interactive-dev-session=false",
      // escrow-digest's cron fires locally on GET /__scheduled (README: "Local development").
      ...(w.name === "escrow-digest" ? ["--test-scheduled"] : []),
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: process.env },
  );
  children.push(child);
  const prefix = `[${w.name.padEnd(width)}] `;
  const relay = (stream, out) => {
    let buffered = "";
    stream.on("data", (chunk) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        out.write(`${prefix + line}\n`);
        if (/Ready on/.test(line) && !ready.has(w.name)) {
          ready.add(w.name);
          if (ready.size === WORKERS.length) {
            // In turn: the fan-out's step moves the sandbox clock to today, which would expire a JWT the
            // bridge's login had just been issued under the fixtures' clock (TOKEN_EXPIRED).
            void connectFanout().then(registerLocalBridge).finally(printUrls);
          }
        }
      }
    });
  };
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`${prefix}exited with ${code}; stopping the others.`);
      stop(code ?? 1);
    }
  });
}

/** The local webhook loop: the sandbox's clock at today and its subscription to the fan-out's /ingest. */
async function connectFanout() {
  try {
    const r = await registerLocal({ log: (line) => console.log(`[webhook-fanout] ${line}`) });
    if (r.action !== "unchanged") console.log("[webhook-fanout] sandbox events now reach http://localhost:8791/ingest");
  } catch (err) {
    console.error(
      `[webhook-fanout] could not register the local subscription: ${err instanceof Error ? err.message : err}`,
    );
  }
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
