import { createTransport } from "@actuallycare/shared/client/create-transport";
import { escrowsApi } from "@actuallycare/shared/client/groups/escrows";
import type { BackoffCache } from "@actuallycare/shared/client/shared-backoff";
import { SubrequestBudget } from "@actuallycare/shared/client/subrequest-budget";
import { apiFetch, type Config, type DigestEnv } from "../config/env";
import { d1ListCounts } from "../ledger/list-counts";
import { d1TimelineCache } from "../ledger/timeline-cache";
import { log } from "../log";
import { EscrowSource } from "./escrow-source";

/** What this isolate learnt about the API's rate limits, shared by its invocations. */
const backoffCache: BackoffCache = new Map();

/**
 * API calls one invocation may make: under the platform's 1,000 subrequests,
 * leaving room for the sends and the dev clock. A run that needs more fails
 * with `budget_exhausted`, and its messages are retried in a later invocation.
 */
export const API_BUDGET = 800;

/**
 * The escrow reads of one run. Digests are `bulk` work: the shared backoff
 * paces them and keeps a reserve of each rate window for lead submissions.
 * Queue consumers never sleep through a cool-down (`maxAttempts: 1`,
 * `maxWaitMs: 0`): the wait becomes the message's retry delay. The client
 * keeps the system clock even in development (its cool-down markers are
 * shared with the other connectors, which do not follow the sandbox's clock).
 */
export async function escrowSource(
  env: DigestEnv,
  config: Config,
  opts: { priority: "bulk" | "interactive"; queue: boolean },
): Promise<EscrowSource> {
  const transport = await createTransport({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    kv: env.ACTUALLYCARE_KV,
    backoffCache,
    fetch: apiFetch(env),
    priority: opts.priority,
    deadlineMs: 20_000,
    // Pacing off in the consumer: with maxWaitMs 0 a paced bulk caller fails its second call at once (the gap
    // between calls is seconds). The bulk reserve still holds, so lead submissions keep their share.
    ...(opts.queue ? { maxAttempts: 1, maxWaitMs: 0, pace: false } : {}),
    budget: new SubrequestBudget(API_BUDGET),
    log: (detail) => log.warn("client.backoff_store_failed", { detail, outcome: "degraded" }),
  });
  return new EscrowSource(escrowsApi(transport), {
    cache: d1TimelineCache(env.ESCROW_DIGEST_DB),
    counts: d1ListCounts(env.ESCROW_DIGEST_DB),
    statuses: config.recipients.flatMap((r) => r.escrows.status),
  });
}
