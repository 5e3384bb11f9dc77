/** What a queue consumer decided for one message. */
export type QueueOutcome = { ack: true } | { ack: false; retryInSeconds: number };

/** Queues refuse a longer `delaySeconds` (12 hours). */
export const MAX_QUEUE_DELAY_SECONDS = 43_200;

/** A delay a queue accepts: whole seconds within [0, 12 h]. */
export function queueDelay(seconds: number): number {
  if (!Number.isFinite(seconds)) return MAX_QUEUE_DELAY_SECONDS;
  return Math.min(MAX_QUEUE_DELAY_SECONDS, Math.max(0, Math.ceil(seconds)));
}

/**
 * Applies an outcome to its message: `ack()`, or `retry({delaySeconds})` with
 * the delay clamped to what Queues accept. One message at a time, so a
 * failure never retries the rest of a batch.
 */
export function settle(
  message: { ack(): void; retry(options?: QueueRetryOptions): void },
  outcome: QueueOutcome,
): void {
  if (outcome.ack) message.ack();
  else message.retry({ delaySeconds: queueDelay(outcome.retryInSeconds) });
}

/**
 * Seconds a server asked us to wait: `Retry-After` as seconds or an HTTP date
 * (RFC 9110 §10.2.3), else a JSON body's `retry_after` in seconds (Discord's
 * 429). Null when the answer says nothing usable.
 */
export function retryAfterSeconds(headers: Headers, nowMs: number, body?: string): number | null {
  const header = headers.get("Retry-After")?.trim();
  if (header) {
    if (/^\d+(\.\d+)?$/.test(header)) return Number(header);
    const at = Date.parse(header);
    if (!Number.isNaN(at)) return Math.max(0, (at - nowMs) / 1000);
  }
  if (body) {
    try {
      const value = (JSON.parse(body) as { retry_after?: unknown }).retry_after;
      if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
    } catch {
      // not JSON: nothing to read
    }
  }
  return null;
}
