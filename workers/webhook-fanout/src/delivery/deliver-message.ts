import { type Logger, withFields } from "@actuallycare/shared/worker/log";
import type { QueueOutcome } from "@actuallycare/shared/worker/queue-outcome";
import * as z from "@actuallycare/shared/zod";
import type { Destination, Settings } from "../config/env";
import { buildRequest } from "./build-request";
import { deadLetter } from "./dead-letters";
import { disable, disableOnStreak, failureStatement, successStatement } from "./destination-state";
import { type DeliveryMessage, deliveryMessageSchema } from "./message";
import { backoffSeconds } from "./retry-policy";
import { type SendResult, sendRequest } from "./send-request";

export interface DeliverDeps {
  db: D1Database;
  deadLetters: Queue<DeliveryMessage & { reason: string }>;
  destinations: ReadonlyMap<string, Destination>;
  settings: Settings;
  now: () => number;
  random?: () => number;
  send?: typeof fetch;
  /** Lines name the delivery by ids only: never the destination's URL (it embeds a token) or the payload. */
  log: Logger;
}

/** What one message came to; `state` is for tests and logs. */
export type DeliverOutcome = QueueOutcome & { state: string };

interface Row {
  disabled_at_ms: number | null;
  failure_streak: number | null;
  state: string;
  generation: number;
  attempts: number;
  tries: number;
  name: string;
  event_ts: string;
  body: string;
}

/** Another consumer holding the lease has this long to finish before the message is tried again. */
const leaseMs = (s: Settings) => s.timeoutMs + 30_000;

/**
 * Delivers one (event, destination) message at most once per generation:
 * the delivery row decides (delivered, dead, parked or stale messages are
 * acked untouched), a lease stops a duplicate message from sending while one
 * is in flight, every request is logged, and the outcome is a per-message
 * ack or retry. Nothing here throws for a destination's failure.
 */
export async function deliverMessage(deps: DeliverDeps, body: unknown): Promise<DeliverOutcome> {
  const parsed = z.safeParse(deliveryMessageSchema, body);
  if (!parsed.success) {
    deps.log.warn("delivery.malformed_message", { outcome: "dropped" });
    return { ack: true, state: "malformed" };
  }
  const msg = parsed.data;
  const log = withFields(deps.log, {
    eventId: msg.eventId,
    destinationId: msg.destinationId,
    generation: msg.generation,
  });
  return deliverParsed({ ...deps, log }, msg);
}

/** A message that sends nothing (done, stale, in flight elsewhere, its destination gone or disabled): logged as such. */
function skipped(deps: DeliverDeps, outcome: DeliverOutcome): DeliverOutcome {
  deps.log.info("delivery.skipped", { outcome: outcome.state });
  return outcome;
}

async function deliverParsed(deps: DeliverDeps, msg: DeliveryMessage): Promise<DeliverOutcome> {
  const now = deps.now();
  const row = await deps.db
    .prepare(
      `SELECT d.state, d.generation, d.attempts, d.tries, e.name, e.event_ts, e.body, s.disabled_at_ms, s.failure_streak
       FROM deliveries d JOIN events e ON e.id = d.event_id LEFT JOIN destination_state s ON s.id = d.destination_id
       WHERE d.event_id = ? AND d.destination_id = ?`,
    )
    .bind(msg.eventId, msg.destinationId)
    .first<Row>();
  if (!row) return skipped(deps, { ack: true, state: "unknown" });
  if (row.generation !== msg.generation) return skipped(deps, { ack: true, state: "stale" });
  if (row.state !== "queued") return skipped(deps, { ack: true, state: row.state });
  const destination = deps.destinations.get(msg.destinationId);
  if (!destination) {
    await setState(deps, msg, "dropped", "DESTINATION_REMOVED");
    return skipped(deps, { ack: true, state: "dropped" });
  }
  if (row.disabled_at_ms !== null) {
    await setState(deps, msg, "parked", "DESTINATION_DISABLED");
    return skipped(deps, { ack: true, state: "parked" });
  }
  const claimed = await deps.db
    .prepare(
      `UPDATE deliveries SET lease_until_ms = ?, tries = tries + 1, updated_at_ms = ?
       WHERE event_id = ? AND destination_id = ? AND generation = ? AND state = 'queued'
         AND (lease_until_ms IS NULL OR lease_until_ms < ?) RETURNING tries, attempts`,
    )
    .bind(now + leaseMs(deps.settings), now, msg.eventId, msg.destinationId, msg.generation, now)
    .first<{ tries: number; attempts: number }>();
  // Someone else is sending it: look again after their lease, when it will be settled one way or the other.
  if (!claimed) {
    return skipped(deps, { ack: false, retryInSeconds: Math.ceil(leaseMs(deps.settings) / 1000), state: "leased" });
  }

  const event = { id: msg.eventId, name: row.name, timestamp: row.event_ts, body: row.body };
  const request = await buildRequest(destination, event, deps.settings, now);
  const result = await sendRequest(destination.url, request, deps.settings.timeoutMs, deps.now, deps.send);
  return settleResult(
    deps,
    msg,
    destination,
    result,
    claimed.attempts,
    logAttempt(deps, msg, row.name, claimed.tries, result),
    row.failure_streak ?? 0,
    claimed.tries,
  );
}

/** Records how the request ended, in one D1 batch with its log row; then acks or retries. */
async function settleResult(
  deps: DeliverDeps,
  msg: DeliveryMessage,
  destination: Destination,
  result: SendResult,
  failuresSoFar: number,
  log: D1PreparedStatement,
  streakBefore: number,
  attempt: number,
): Promise<DeliverOutcome> {
  const now = deps.now();
  const db = deps.db;
  // What every line of this request says: never the snippet (the destination's answer) or the URL.
  const request = { attempt, status: result.status, errorClass: result.errorClass, durationMs: result.durationMs };
  if (result.outcome === "delivered") {
    await db.batch([
      log,
      db
        .prepare(
          `UPDATE deliveries SET state = 'delivered', delivered_at_ms = ?, last_error = NULL, lease_until_ms = NULL,
             updated_at_ms = ? WHERE event_id = ? AND destination_id = ? AND generation = ?`,
        )
        .bind(now, now, msg.eventId, msg.destinationId, msg.generation),
      // The streak is reset only when there is one: most deliveries follow a success and write nothing here.
      ...(streakBefore > 0 ? [successStatement(db, destination.id, now)] : []),
    ]);
    deps.log.info("delivery.sent", { ...request, outcome: "ok" });
    return { ack: true, state: "delivered" };
  }
  if (result.outcome === "gone") {
    await db.batch([log, stateStatement(deps, msg, "parked", "GONE")]);
    await disable(db, destination.id, now, `410 Gone from the destination at ${new Date(now).toISOString()}`);
    deps.log.warn("delivery.gone", { ...request, outcome: "parked" });
    deps.log.warn("destination.disabled", { outcome: "gone" });
    return { ack: true, state: "parked" };
  }
  // A wait the destination asked for is honoured and not counted as a failed attempt.
  if (result.outcome === "rate_limited" && result.retryAfterSeconds !== null) {
    await db.batch([log, releaseStatement(deps, msg, "RATE_LIMITED", 0)]);
    const retryInSeconds = Math.max(1, Math.ceil(result.retryAfterSeconds));
    deps.log.info("delivery.retry", { ...request, outcome: "rate_limited", retryInSeconds });
    return { ack: false, retryInSeconds, state: "rate_limited" };
  }
  const failures = failuresSoFar + 1;
  const error = result.errorClass ?? "failed";
  const [, , streak] = await db.batch<{ failure_streak: number; disabled_at_ms: number | null }>([
    log,
    releaseStatement(deps, msg, error, 1),
    failureStatement(db, destination.id, now),
  ]);
  if (await disableOnStreak(db, destination.id, now, deps.settings.failureStreakLimit, streak?.results[0])) {
    deps.log.warn("destination.disabled", { outcome: "failure_streak" });
  }
  if (!result.retryable || failures >= deps.settings.maxAttempts) {
    const reason = result.retryable ? "RETRIES_EXHAUSTED" : error.toUpperCase();
    deps.log.warn("delivery.dead", { ...request, outcome: "dead", reason, failures });
    return deadLetter(deps, msg, reason);
  }
  const backoff = backoffSeconds(failures, deps.settings, deps.random);
  const retryInSeconds = Math.max(backoff, Math.ceil(result.retryAfterSeconds ?? 0));
  deps.log.warn("delivery.retry", { ...request, outcome: "retry", failures, retryInSeconds });
  return { ack: false, retryInSeconds, state: "retry" };
}

/** Ends the lease so the next try may claim it; `counted` adds a failed attempt against the limit. */
function releaseStatement(deps: DeliverDeps, msg: DeliveryMessage, error: string, counted: 0 | 1): D1PreparedStatement {
  return deps.db
    .prepare(
      `UPDATE deliveries SET attempts = attempts + ?, last_error = ?, lease_until_ms = NULL, updated_at_ms = ?
       WHERE event_id = ? AND destination_id = ? AND generation = ?`,
    )
    .bind(counted, error.toUpperCase(), deps.now(), msg.eventId, msg.destinationId, msg.generation);
}

function stateStatement(deps: DeliverDeps, msg: DeliveryMessage, state: string, error: string): D1PreparedStatement {
  return deps.db
    .prepare(
      `UPDATE deliveries SET state = ?, last_error = ?, lease_until_ms = NULL, updated_at_ms = ?
       WHERE event_id = ? AND destination_id = ? AND generation = ?`,
    )
    .bind(state, error, deps.now(), msg.eventId, msg.destinationId, msg.generation);
}

async function setState(deps: DeliverDeps, msg: DeliveryMessage, state: string, error: string): Promise<void> {
  await stateStatement(deps, msg, state, error).run();
}

function logAttempt(deps: DeliverDeps, msg: DeliveryMessage, name: string, attempt: number, r: SendResult) {
  return deps.db
    .prepare(
      `INSERT INTO attempts (event_id, event_name, destination_id, generation, attempt, outcome, status, error_class,
         duration_ms, response_snippet, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      msg.eventId,
      name,
      msg.destinationId,
      msg.generation,
      attempt,
      r.outcome,
      r.status,
      r.errorClass,
      r.durationMs,
      r.snippet,
      deps.now(),
    );
}
