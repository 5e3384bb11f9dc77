// Validates each connector's configuration as wrangler reads it, with the
// worker's own zod schemas, so a bad config fails `npm test` (and `npm run
// build`) before a deploy rather than at the first visitor. Secrets are not
// checked here: they live in Cloudflare, not in the repository.
import { varsOf } from "./local-fixtures.mjs";

/** Per connector: what to check in its vars (TypeScript source, loaded by Node's type stripping). */
const CHECKS = {
  "lead-intake": async (vars) => {
    const { parseForms } = await import("../workers/lead-intake/src/config/forms.ts");
    const forms = parseForms(String(vars.FORMS ?? ""));
    return `${forms.size} form(s): ${[...forms.keys()].join(", ")}`;
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
    console.log(`config ok: ${name}: ${await check(varsOf(`workers/${name}/wrangler.toml`))}`);
  } catch (err) {
    failed = true;
    console.error(`config INVALID: ${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
if (failed) process.exit(1);
