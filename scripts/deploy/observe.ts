// Looks at the account with read-only wrangler commands only: a dry run runs
// exactly these and nothing else.
import { DeployError, diagnose } from "./diagnose.ts";
import {
  emptyObserved,
  type Observed,
  parseD1List,
  parseKvList,
  parseQueuesTable,
  parseSecretList,
  parseWhoami,
} from "./observed.ts";
import type { WorkerSpec } from "./worker-spec.ts";
import { type CommandResult, runWrangler } from "./wrangler-cli.ts";

export type Lookup = "queues" | "d1" | "kv";

const ARGS: Record<Lookup, string[]> = {
  queues: ["queues", "list"],
  d1: ["d1", "list", "--json"],
  kv: ["kv", "namespace", "list"],
};

/** Runs one read-only command; a failure stops the deploy with wrangler's reason (and its fix when known). */
async function read(spec: WorkerSpec, args: string[], log: string[]): Promise<CommandResult> {
  const full = [...args, "-c", spec.configPath];
  log.push(`npx wrangler ${full.join(" ")}`);
  return runWrangler(full);
}

function failed(spec: WorkerSpec, args: string[], r: CommandResult): never {
  const command = `npx wrangler ${args.join(" ")}`;
  const output = `${r.stdout}\n${r.stderr}`;
  const known = diagnose(output, { worker: spec.worker, command });
  throw new DeployError([
    known ?? { message: `\`${command}\` failed: ${lastLines(output)}`, fix: "See wrangler's message above." },
  ]);
}

export const lastLines = (text: string, n = 6) => text.trim().split("\n").slice(-n).join("\n");

/** Re-reads one kind of resource (after creating some). */
export async function lookUp(spec: WorkerSpec, what: Lookup, observed: Observed, log: string[]): Promise<void> {
  const r = await read(spec, ARGS[what], log);
  if (r.status !== 0) failed(spec, ARGS[what], r);
  if (what === "queues") observed.queues = parseQueuesTable(r.stdout);
  if (what === "d1") observed.d1 = parseD1List(r.stdout);
  if (what === "kv") observed.kv = parseKvList(r.stdout);
}

/**
 * Who is logged in, and what of this connector's exists. Not logged in, or with several accounts and none chosen,
 * it stops there (every other command would fail the same way): the plan reports why.
 */
export async function observe(
  spec: WorkerSpec,
  log: string[],
  env: Record<string, string | undefined>,
): Promise<Observed> {
  const observed = emptyObserved();
  log.push("npx wrangler whoami --json");
  const whoami = await runWrangler(["whoami", "--json"]);
  let who: ReturnType<typeof parseWhoami>;
  try {
    who = parseWhoami(whoami.stdout);
  } catch {
    failed(spec, ["whoami", "--json"], whoami);
  }
  if (!who.loggedIn) return observed;
  observed.loggedIn = true;
  observed.accounts = who.accounts;
  if (who.accounts.length > 1 && !spec.accountId && !env.CLOUDFLARE_ACCOUNT_ID) return observed;
  if (spec.queues.length > 0) await lookUp(spec, "queues", observed, log);
  if (spec.d1.length > 0) await lookUp(spec, "d1", observed, log);
  if (spec.kv.length > 0) await lookUp(spec, "kv", observed, log);
  const secrets = await read(spec, ["secret", "list"], log);
  try {
    observed.secrets = parseSecretList(secrets);
  } catch {
    failed(spec, ["secret", "list"], secrets);
  }
  return observed;
}
