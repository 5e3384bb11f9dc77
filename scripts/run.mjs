import { spawnSync } from "node:child_process";

// Wrangler must not try to reach the network for telemetry from CI or tests.
process.env.WRANGLER_SEND_METRICS = "false";

/**
 * Runs a command; exits the script when it fails. With `quiet`, output is shown
 * only on failure (wrangler's dry-run banner is long).
 */
export function run(cmd, args, { quiet = false } = {}) {
  const r = spawnSync(cmd, args, { stdio: quiet ? "pipe" : "inherit", encoding: "utf8" });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout}\n${r.stderr}`);
    console.error(`\n✖ ${cmd} ${args.join(" ")} exited with ${r.status ?? r.signal}`);
    process.exit(r.status ?? 1);
  }
  return r;
}
