// `npm start`'s last step for the bridge: subscribe its /ingest to the sandbox's webhooks (idempotent, the same code
// as `npm run bridge:register`), with the sandbox's broker and the secret in workers/bridge/.dev.vars.
import { readFileSync } from "node:fs";
import { SANDBOX_BROKER } from "./bridge-dev-vars.mjs";
import { registerBridge } from "./bridge-register.mjs";

/** A .dev.vars value (KEY=value lines). */
function devVar(name) {
  const line = readFileSync("workers/bridge/.dev.vars", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}=`));
  return line?.slice(name.length + 1);
}

export async function registerLocalBridge() {
  try {
    const secret = devVar("WEBHOOK_SECRET");
    if (!secret) throw new Error("workers/bridge/.dev.vars has no WEBHOOK_SECRET");
    const r = await registerBridge({
      apiBase: "http://localhost:8787/v1",
      bridgeUrl: "http://localhost:8789",
      ...SANDBOX_BROKER,
      secret,
    });
    console.log(
      `bridge: webhook subscription ${r.action === "unchanged" ? "up to date" : `${r.action}d`} (${r.id} → ${r.url})`,
    );
  } catch (err) {
    console.error(`bridge: could not register its webhook subscription: ${err instanceof Error ? err.message : err}`);
  }
}
