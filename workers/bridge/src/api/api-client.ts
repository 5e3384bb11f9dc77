import { createTransport } from "@actuallycare/shared/client/create-transport";
import type { Priority } from "@actuallycare/shared/client/rate-gate";
import type { BackoffCache } from "@actuallycare/shared/client/shared-backoff";
import type { SubrequestBudget } from "@actuallycare/shared/client/subrequest-budget";
import type { Transport } from "@actuallycare/shared/client/transport";
import type { Now } from "../config/clock";
import { apiFetch, type Config } from "../config/env";
import { log } from "../log";

/** What this isolate learnt about the API's rate limits, shared by its invocations. */
const backoffCache: BackoffCache = new Map();

export interface TransportOptions {
  priority: Priority;
  budget?: SubrequestBudget;
  /** Queue consumers: one try per delivery, and a cool-down becomes retry({delaySeconds}), never a sleep. */
  forQueue?: boolean;
  /** Bulk work paces itself over the rate window unless told not to. */
  pace?: boolean;
}

/**
 * The client's transport for the bridge: the API key for the key-capable groups and a JWT session (the bridge's
 * own account) for contacts and the profile. Callers never see either credential.
 */
export function bridgeTransport(env: Env, config: Config, now: Now, o: TransportOptions): Promise<Transport> {
  return createTransport({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    email: config.email,
    password: config.password,
    kv: env.ACTUALLYCARE_KV,
    backoffCache,
    fetch: apiFetch(env),
    clock: { now },
    priority: o.priority,
    ...(o.pace === undefined ? {} : { pace: o.pace }),
    ...(o.budget ? { budget: o.budget } : {}),
    ...(o.forQueue ? { maxAttempts: 1, maxWaitMs: 0, deadlineMs: 20_000 } : {}),
    log: (detail) => log.warn("client.backoff_store_failed", { detail, outcome: "degraded" }),
  });
}
