// Validates each connector's configuration as wrangler reads it, with the
// worker's own zod schemas, so a bad config fails `npm test` (and `npm run
// build`) before a deploy rather than at the first visitor. Secrets are not
// checked here: they live in Cloudflare, not in the repository.
import { unstable_readConfig } from "wrangler";
import { varsOf } from "./local-fixtures.mjs";

/** Per connector: what to check in its vars (TypeScript source, loaded by Node's type stripping). */
const CHECKS = {
  "lead-intake": async (vars) => {
    const { parseForms } = await import("../workers/lead-intake/src/config/forms.ts");
    const forms = parseForms(String(vars.FORMS ?? ""));
    return `${forms.size} form(s): ${[...forms.keys()].join(", ")}`;
  },
  "escrow-digest": async (vars) => {
    const { parseRecipients } = await import("../workers/escrow-digest/src/config/recipients.ts");
    const recipients = parseRecipients(String(vars.RECIPIENTS ?? ""));
    return `${recipients.length} recipient(s): ${recipients.map((r) => `${r.timeZone} ${r.sendAt} ${r.cadence}`).join(", ")}`;
  },
  "webhook-fanout": async (vars, config) => {
    const { checkFanoutConfig } = await import("./check-fanout-config.mjs");
    return checkFanoutConfig(vars, config.secrets?.required ?? []);
  },
  bridge: async (vars) => {
    const { parseRecipes } = await import("../workers/bridge/src/config/recipes.ts");
    const recipes = parseRecipes(String(vars.RECIPES ?? "[]"));
    return `${recipes.size} catch-hook recipe(s): ${[...recipes.keys()].join(", ") || "none"}`;
  },
};

let failed = false;
for (const [name, check] of Object.entries(CHECKS)) {
  try {
    const path = `workers/${name}/wrangler.toml`;
    const config = unstable_readConfig({ config: path }, { hideWarnings: true });
    console.log(`config ok: ${name}: ${await check(varsOf(path), config)}`);
  } catch (err) {
    failed = true;
    console.error(`config INVALID: ${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
if (failed) process.exit(1);
