import { ActuallyCareError } from "@actuallycare/shared/client/errors";

/** What one queue message's attempt decided. */
export type QueueOutcome = { ack: true } | { ack: false; retryInSeconds: number };

/** Queues refuse a longer `delaySeconds` (12 hours). */
export const MAX_DELAY_SECONDS = 43_200;

/** 30 s, 60 s, 120 s … up to 30 minutes between attempts after a failure that may pass. */
export const backoffSeconds = (attempts: number): number => Math.min(1800, 30 * 2 ** Math.max(0, attempts - 1));

/**
 * The delay before retrying after an API error: its `retryAt` (a 429 or the
 * shared cool-down, on the system clock the client keeps), else the backoff.
 * A candidate for `shared/src/worker/queue-outcome.ts`.
 */
export function retryDelay(err: unknown, attempts: number, systemNowMs: number = Date.now()): number {
  if (err instanceof ActuallyCareError && err.retryAt !== undefined)
    return Math.min(MAX_DELAY_SECONDS, err.delaySeconds(systemNowMs));
  return backoffSeconds(attempts);
}

/** Applies outcomes to their messages, one by one (per-message ack and retry). */
export function settle(messages: readonly Message[], outcomes: readonly QueueOutcome[]): void {
  messages.forEach((msg, i) => {
    const o = outcomes[i] ?? { ack: false, retryInSeconds: 60 };
    if (o.ack) msg.ack();
    else msg.retry({ delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil(o.retryInSeconds))) });
  });
}
