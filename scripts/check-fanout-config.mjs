// webhook-fanout's part of `npm run check:config`: DESTINATIONS with the worker's own schema, and each
// destination URL this machine can see (the environment, or the worker's .dev.vars), so a retired Teams
// connector URL or a plain-http URL is refused before a deploy. Values are never printed.
import { existsSync, readFileSync } from "node:fs";

/** `NAME=value` lines of a .dev.vars file (comments and blanks skipped). */
export function readDevVars(file) {
  if (!existsSync(file)) return {};
  const vars = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && !line.trimStart().startsWith("#")) vars[m[1]] = m[2].replace(/^"(.*)"$/, "$1");
  }
  return vars;
}

/**
 * @param {Record<string, unknown>} vars
 * @param {string[]} requiredSecrets the config's `[secrets] required`
 */
export async function checkFanoutConfig(vars, requiredSecrets, devVarsFile = "workers/webhook-fanout/.dev.vars") {
  const { parseDestinations, destinationUrlProblem } = await import(
    "../workers/webhook-fanout/src/config/destinations.ts"
  );
  const destinations = parseDestinations(String(vars.DESTINATIONS ?? ""));
  const secrets = { ...readDevVars(devVarsFile), ...process.env };
  const problems = [];
  // Wrangler loads only the declared secrets from .dev.vars and checks them at deploy, so every name must be there.
  const named = destinations.flatMap((d) => [d.urlSecret, ...(d.type === "http" ? [d.signingSecret] : [])]);
  const undeclared = named.filter((n) => !requiredSecrets.includes(n));
  if (undeclared.length > 0) problems.push(`add ${undeclared.join(", ")} to [secrets] required in wrangler.toml`);
  let checked = 0;
  for (const d of destinations) {
    const url = secrets[d.urlSecret];
    if (!url) continue;
    checked += 1;
    const problem = destinationUrlProblem(d.type, url);
    if (problem) problems.push(`${d.id}: ${d.urlSecret} ${problem}`);
  }
  if (problems.length > 0) throw new Error(problems.join("; "));
  return `${destinations.length} destination(s): ${destinations.map((d) => `${d.id} (${d.type})`).join(", ")}; ${checked} URL(s) checked`;
}
