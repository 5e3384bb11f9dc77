// What exists in the account, read from wrangler's own output. Each parser takes
// the stdout (and exit status) of one read-only wrangler command; the shapes are
// wrangler 4's (see test/deploy/fixtures/wrangler-output/ for recorded samples).
import * as z from "zod";

/** The account's resources as far as one worker's deploy cares, and whether the Worker exists yet. */
export interface Observed {
  account: { id: string; name: string } | null;
  /** Every account the login can use (`wrangler whoami --json`). */
  accounts: { id: string; name: string }[];
  loggedIn: boolean;
  queues: Set<string>;
  d1: Map<string, string>;
  kv: Map<string, string>;
  /** null: the Worker is not deployed yet (so it has no secrets). */
  secrets: Set<string> | null;
}

const whoamiSchema = z.union([
  z.object({
    loggedIn: z.literal(true),
    accounts: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
  z.object({ loggedIn: z.literal(false) }),
]);

/** The first JSON value in a command's output: wrangler may print a banner or a notice before it. */
function jsonIn(stdout: string): unknown {
  const start = stdout.search(/^\s*[[{]/m);
  if (start < 0) throw new Error(`no JSON in wrangler's output: ${stdout.slice(0, 200)}`);
  return JSON.parse(stdout.slice(start));
}

/** `wrangler whoami --json`: `{loggedIn:false}` (exit 1) when there are no credentials. */
export function parseWhoami(stdout: string): { loggedIn: boolean; accounts: { id: string; name: string }[] } {
  const parsed = whoamiSchema.parse(jsonIn(stdout));
  return parsed.loggedIn ? { loggedIn: true, accounts: parsed.accounts } : { loggedIn: false, accounts: [] };
}

/**
 * `wrangler queues list` prints a table (cli-table3 box drawing, no JSON option): one row per queue with `id` and
 * `name` columns. The API answers every queue in one page.
 */
export function parseQueuesTable(stdout: string): Set<string> {
  const rows = stdout
    .split("\n")
    .filter((line) => line.startsWith("│"))
    .map((line) =>
      line
        .split("│")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const [head, ...body] = rows;
  if (!head) return new Set();
  const col = head.indexOf("name");
  if (col < 0) throw new Error(`unexpected \`wrangler queues list\` table header: ${head.join(", ")}`);
  return new Set(body.map((cells) => cells[col] ?? "").filter((name) => name !== ""));
}

const d1ListSchema = z.array(z.object({ uuid: z.string(), name: z.string() }));

/** `wrangler d1 list --json`: name → database id. */
export function parseD1List(stdout: string): Map<string, string> {
  return new Map(d1ListSchema.parse(jsonIn(stdout)).map((d) => [d.name, d.uuid]));
}

const kvListSchema = z.array(z.object({ id: z.string(), title: z.string() }));

/** `wrangler kv namespace list` (always JSON): title → namespace id. */
export function parseKvList(stdout: string): Map<string, string> {
  return new Map(kvListSchema.parse(jsonIn(stdout)).map((n) => [n.title, n.id]));
}

const secretListSchema = z.array(z.object({ name: z.string() }));

/** Wrangler's words when `secret list` targets a Worker that was never deployed. */
const WORKER_NOT_FOUND = /Worker ".+?"(?: \(env: .+?\))? not found\./;

/**
 * `wrangler secret list` (JSON by default): the names of the Worker's secrets, or null when the Worker does not
 * exist yet (wrangler then fails with "Worker … not found").
 */
export function parseSecretList(result: { status: number; stdout: string; stderr: string }): Set<string> | null {
  if (result.status !== 0) {
    if (WORKER_NOT_FOUND.test(result.stdout + result.stderr)) return null;
    throw new Error(`wrangler secret list failed: ${(result.stderr || result.stdout).trim()}`);
  }
  return new Set(secretListSchema.parse(jsonIn(result.stdout)).map((s) => s.name));
}

/** An account with nothing in it yet: what a dry run assumes when it cannot look. */
export function emptyObserved(): Observed {
  return {
    account: null,
    accounts: [],
    loggedIn: false,
    queues: new Set(),
    d1: new Map(),
    kv: new Map(),
    secrets: null,
  };
}
