import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import { MAX_QUEUE_DELAY_SECONDS } from "@actuallycare/shared/worker/queue-outcome";

export type { QueueOutcome } from "@actuallycare/shared/worker/queue-outcome";

/** Queues refuse a longer `delaySeconds` (12 hours). */
export const MAX_DELAY_SECONDS = MAX_QUEUE_DELAY_SECONDS;

/** 30 s, 60 s, 120 s … up to 30 minutes between attempts after a failure that may pass. */
export const backoffSeconds = (attempts: number): number => Math.min(1800, 30 * 2 ** Math.max(0, attempts - 1));

/**
 * The delay before retrying after an API error: its `retryAt` (a 429 or the
 * shared cool-down, on the system clock the client keeps), else the backoff.
 */
export function retryDelay(err: unknown, attempts: number, systemNowMs: number = Date.now()): number {
  if (err instanceof ActuallyCareError && err.retryAt !== undefined)
    return Math.min(MAX_DELAY_SECONDS, err.delaySeconds(systemNowMs));
  return backoffSeconds(attempts);
}
