import { JwtSession } from "./jwt-session";
import { type Clock, type KVLike, realSleep, type Sleep, systemClock } from "./kv-like";
import { type Priority, RateGate } from "./rate-gate";
import { type BackoffCache, credentialScope, SharedBackoff } from "./shared-backoff";
import type { SubrequestBudget } from "./subrequest-budget";
import { Transport } from "./transport";

/** Everything a worker passes to build its client; secrets come from Worker secrets, never vars. */
export interface ClientConfig {
  /** e.g. `https://api.actuallycare.com/v1` (a var), or the sandbox's URL locally. */
  baseUrl: string;
  /** For the key-capable groups (appointments, clients, escrows, leads, listings). */
  apiKey?: string;
  /** For the JWT-only groups (contacts, webhooks, api-keys, billing). */
  email?: string;
  password?: string;
  /** The KV namespace shared by every worker: cool-down markers and the token cache. */
  kv?: KVLike;
  /** `fetch`, or a service binding's `fetch` (the sandbox locally). */
  fetch?: (request: Request) => Promise<Response>;
  priority?: Priority;
  bulkReserve?: number;
  pace?: boolean;
  budget?: SubrequestBudget;
  timeoutMs?: number;
  deadlineMs?: number;
  maxAttempts?: number;
  /**
   * The longest the client waits out a shared cool-down before sending; longer
   * ones fail at once with `rate_limited` and its `retryAt`. A queue consumer
   * sets 0 and hands the wait back to the queue instead of sleeping.
   */
  maxWaitMs?: number;
  clock?: Clock;
  sleep?: Sleep;
  random?: () => number;
  /** One per isolate (module scope), so instances in an isolate share what they learnt. */
  backoffCache?: BackoffCache;
  /** Where KV failures are reported (no secrets are ever passed to it). */
  log?: (message: string) => void;
}

/**
 * Builds the transport every group API takes. Import only the groups a worker
 * uses (`leadsApi(transport)`) to keep its bundle small; `createClient` has them all.
 */
export async function createTransport(config: ClientConfig): Promise<Transport> {
  const clock = config.clock ?? systemClock;
  const sleep = config.sleep ?? realSleep;
  const credential = config.apiKey ?? config.email ?? "anonymous";
  const scope = await credentialScope(credential);
  const backoff = config.kv
    ? new SharedBackoff({ kv: config.kv, clock, cache: config.backoffCache, log: config.log })
    : null;
  const gate = (s: string, priority: Priority | undefined) =>
    backoff
      ? new RateGate({
          backoff,
          scope: s,
          clock,
          sleep,
          priority,
          bulkReserve: config.bulkReserve,
          pace: config.pace,
          maxWaitMs: config.maxWaitMs,
        })
      : undefined;
  const common = {
    baseUrl: config.baseUrl,
    fetch: config.fetch,
    budget: config.budget,
    clock,
    sleep,
    random: config.random,
    timeoutMs: config.timeoutMs,
    deadlineMs: config.deadlineMs,
    maxAttempts: config.maxAttempts,
  };
  let session: JwtSession | undefined;
  if (config.email && config.password) {
    // Per API and account: sandbox and live tokens in one KV namespace never mix.
    const accountScope = await credentialScope(
      `session:${config.baseUrl.replace(/\/+$/, "")}:${config.email.toLowerCase()}`,
    );
    // The auth endpoints have limits of their own (§1.7): their cool-downs must not stop other calls.
    const authTransport = new Transport({ ...common, gate: gate(`auth-${accountScope}`, "interactive") });
    session = new JwtSession({
      email: config.email,
      password: config.password,
      kv: config.kv,
      cacheKey: `session:${accountScope}`,
      clock,
      authTransport,
    });
  }
  return new Transport({ ...common, apiKey: config.apiKey, session, gate: gate(scope, config.priority) });
}
