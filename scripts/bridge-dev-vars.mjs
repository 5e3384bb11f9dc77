// The bridge's local secrets for `npm start` (written once into workers/bridge/.dev.vars, git-ignored): sandbox
// credentials (published fixture values, never real ones), a full-scope and a read-only bridge token, the webhook
// secret its sandbox subscription uses, the shipped recipes' secrets, and the sandbox-following clock.
import { randomBytes } from "node:crypto";
import { varsOf } from "./local-fixtures.mjs";

const random = () => randomBytes(24).toString("hex");

/** The sandbox's broker, who owns webhook subscriptions (spec Appendix A). */
export const SANDBOX_BROKER = { email: "maria.alvarez@example.com", password: "Sandbox123" };

/** Extra .dev.vars lines for the bridge (the API key and base URL come from ensureDevVars). */
export function bridgeDevVarLines() {
  const recipes = JSON.parse(String(varsOf("workers/bridge/wrangler.toml").RECIPES ?? "[]"));
  const tokens = [
    { label: "Local full access", token: `brt_${random()}`, scopes: ["read", "write"] },
    { label: "Local read-only", token: `brt_${random()}`, scopes: ["read"] },
  ];
  return [
    "ACTUALLYCARE_EMAIL=jordan.lee@example.com",
    "ACTUALLYCARE_PASSWORD=Sandbox123",
    // Single-quoted: .dev.vars is dotenv, and JSON has quotes and spaces.
    `BRIDGE_TOKENS='${JSON.stringify(tokens)}'`,
    `WEBHOOK_SECRET=${random()}`,
    `CATCH_SECRETS='${JSON.stringify(Object.fromEntries(recipes.map((r) => [r.id, random()])))}'`,
    "CLOCK_SOURCE=sandbox",
  ];
}
