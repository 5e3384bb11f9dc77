// Helpers of the deploy tests: recorded wrangler output, the synthetic connectors
// (copied to a temporary folder so a deploy may write beside them), and an
// account for the recording fake wrangler.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type LoadedWorker, loadWorker } from "../../scripts/deploy/load-worker.ts";
import {
  type Observed,
  parseD1List,
  parseKvList,
  parseQueuesTable,
  parseSecretList,
  parseWhoami,
} from "../../scripts/deploy/observed.ts";

const HERE = resolve("test/deploy");
export const FAKE_WRANGLER_DIR = join(HERE, "fake-wrangler");

/** One recorded wrangler output (test/deploy/fixtures/wrangler-output). */
export const recorded = (file: string) => readFileSync(join(HERE, "fixtures/wrangler-output", file), "utf8");

/** What the recorded outputs say exists: the lead-intake queue, its database, the shared KV namespace. */
export function recordedAccount(overrides: Partial<Observed> = {}): Observed {
  const who = parseWhoami(recorded("whoami.json"));
  return {
    loggedIn: who.loggedIn,
    accounts: who.accounts,
    account: null,
    queues: parseQueuesTable(recorded("queues-list.txt")),
    d1: parseD1List(recorded("d1-list.json")),
    kv: parseKvList(recorded("kv-namespace-list.json")),
    secrets: parseSecretList({ status: 0, stdout: recorded("secret-list.json"), stderr: "" }),
    ...overrides,
  };
}

/** A synthetic connector (fixtures/connectors/<name>), copied to a temporary folder and read by wrangler. */
export function fixtureConnector(name: "fanout" | "digest" | "bridge"): LoadedWorker & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), `deploy-${name}-`));
  cpSync(join(HERE, "fixtures/connectors", name), dir, { recursive: true });
  return { ...loadWorker(name, join(dir, "wrangler.toml")), dir };
}

export interface FakeState {
  loggedIn: boolean;
  accounts: { id: string; name: string }[];
  queues: { id: string; name: string }[];
  d1: { uuid: string; name: string }[];
  kv: { id: string; title: string }[];
  workers: Record<string, { secrets: string[]; deployed?: boolean }>;
  failures?: Record<string, { status?: number; stdout?: string; stderr?: string; once?: boolean }>;
  deployUrl?: string;
}

export interface FakeCall {
  argv: string[];
  stdin: string;
  config: Record<string, any> | null;
}

export const ACCOUNT = { id: "4f3c1a7e9b2d4c8e8a6f0b1d2c3e4f5a", name: "Brightdoor Realty" };

/** A fake account; `env` puts the fake first on PATH and points it at the account's state and call log. */
export function fakeAccount(state: Partial<FakeState> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "fake-account-"));
  const stateFile = join(dir, "state.json");
  const logFile = join(dir, "calls.jsonl");
  const full: FakeState = { loggedIn: true, accounts: [ACCOUNT], queues: [], d1: [], kv: [], workers: {}, ...state };
  writeFileSync(stateFile, JSON.stringify(full));
  writeFileSync(logFile, "");
  return {
    env: {
      PATH: `${FAKE_WRANGLER_DIR}:${process.env.PATH}`,
      FAKE_WRANGLER_STATE: stateFile,
      FAKE_WRANGLER_LOG: logFile,
    },
    state: (): FakeState => JSON.parse(readFileSync(stateFile, "utf8")),
    calls: (): FakeCall[] =>
      readFileSync(logFile, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l)),
  };
}

/** Runs `fn` with the fake account's variables in process.env (the executor spawns wrangler with process.env). */
export async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
