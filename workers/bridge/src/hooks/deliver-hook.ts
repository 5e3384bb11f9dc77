import type { Logger } from "@actuallycare/shared/worker/log";
import type { Now } from "../config/clock";
import { eventSpec } from "../event-log/catalog";
import { toItem } from "../triggers/items";
import type { HookMessage } from "./fan-out";
import { closesWithin, type HookFilter } from "./hook-filter";

export interface HookDeliveryDeps {
  db: D1Database;
  /** Reaches the hook's target (injected: tests answer for it). */
  fetch: (request: Request) => Promise<Response>;
  now: Now;
  /** The escrow's scheduled closing date, for `closing_within_days` filters (one API read per such delivery). */
  escrowClosingDate: (id: string) => Promise<string | null>;
  /** Lines name the hook and the entry by id: never the target URL (it may embed a token) or the item. */
  log: Logger;
}

export type DeliveryOutcome =
  | { ack: true; state: "delivered" | "filtered" | "cancelled" | "gone" | "dead" | "skipped" }
  | { ack: false; retryInSeconds: number };

/** 30 s, 1 min, 2 min … up to an hour between attempts (the queue gives up after its max_retries, into the DLQ). */
export const hookBackoffSeconds = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
const TARGET_TIMEOUT_MS = 15_000;

/**
 * Delivers one log entry to one REST hook: the same item a poll returns, as a JSON object. 2xx delivers; 410 Gone
 * unsubscribes the hook (the REST hook convention); anything else is retried with backoff (Retry-After honoured on
 * 429 and 503). A delivery is recorded before it is acknowledged, so a redelivered message never posts twice after
 * a success.
 */
export async function deliverHook(deps: HookDeliveryDeps, body: unknown, attempts: number): Promise<DeliveryOutcome> {
  const msg = body as Partial<HookMessage> | null;
  if (typeof msg?.hookId !== "string" || typeof msg.cursor !== "number") {
    deps.log.warn("hook.malformed_message", { outcome: "dropped" });
    return { ack: true, state: "skipped" };
  }
  const { hookId, cursor } = msg;
  const delivery = await deps.db
    .prepare("SELECT state FROM hook_deliveries WHERE hook_id = ? AND cursor = ?")
    .bind(hookId, cursor)
    .first<{ state: string }>();
  if (delivery?.state !== "queued") {
    deps.log.info("hook.skipped", { hookId, cursor, outcome: delivery?.state ?? "unknown" });
    return { ack: true, state: "skipped" };
  }
  const hook = await deps.db
    .prepare("SELECT event, target_url, filter, active FROM hooks WHERE id = ?")
    .bind(hookId)
    .first<{ event: string; target_url: string; filter: string | null; active: number }>();
  if (hook?.active !== 1) return finish(deps, hookId, cursor, "cancelled", null, null); // ended meanwhile
  const row = await deps.db
    .prepare("SELECT cursor, event, record_id, occurred_at_ms, data FROM events WHERE cursor = ?")
    .bind(cursor)
    .first<{ cursor: number; event: string; record_id: string; occurred_at_ms: number; data: string }>();
  const spec = row ? eventSpec(row.event) : undefined;
  if (!row || !spec) return finish(deps, hookId, cursor, "dead", null, "ENTRY_EXPIRED");

  try {
    const filter = hook.filter ? (JSON.parse(hook.filter) as HookFilter) : null;
    if (filter?.closing_within_days !== undefined) {
      const closing = await deps.escrowClosingDate(row.record_id);
      if (!closesWithin(closing, filter.closing_within_days, deps.now())) {
        return finish(deps, hookId, cursor, "filtered", null, null);
      }
    }
    const response = await deps.fetch(
      new Request(hook.target_url, {
        method: "POST",
        redirect: "manual",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "ActuallyCare-Bridge/1.0",
          "X-Bridge-Hook-Id": hookId,
          "X-Bridge-Event": spec.event,
          "X-Bridge-Delivery": `${hookId}:${cursor}`,
        },
        body: JSON.stringify(toItem(spec, row)),
        signal: AbortSignal.timeout(TARGET_TIMEOUT_MS),
      }),
    );
    await response.body?.cancel();
    if (response.ok) return finish(deps, hookId, cursor, "delivered", response.status, null);
    if (response.status === 410) {
      await deps.db
        .prepare("UPDATE hooks SET active = 0, ended_at_ms = ?, end_reason = 'gone' WHERE id = ? AND active = 1")
        .bind(deps.now(), hookId)
        .run();
      deps.log.warn("hook.unsubscribed", { hookId, cursor, status: 410, outcome: "gone" });
      return finish(deps, hookId, cursor, "gone", 410, null);
    }
    const retryAfter = Number(response.headers.get("Retry-After"));
    const wait =
      (response.status === 429 || response.status === 503) && retryAfter > 0
        ? Math.min(43_200, Math.ceil(retryAfter))
        : hookBackoffSeconds(attempts);
    return retry(deps, hookId, cursor, response.status, `HTTP_${response.status}`, wait);
  } catch (err) {
    const name = err instanceof Error ? err.name : typeof err;
    return retry(
      deps,
      hookId,
      cursor,
      null,
      name === "TimeoutError" ? "TIMEOUT" : "NETWORK_ERROR",
      hookBackoffSeconds(attempts),
    );
  }
}

/** The dead-letter queue's consumer: a delivery the queue gave up on is kept as `dead`, never silently dropped. */
export async function markHookDeliveryDead(db: D1Database, body: unknown, nowMs: number): Promise<boolean> {
  const msg = body as Partial<HookMessage> | null;
  if (typeof msg?.hookId !== "string" || typeof msg.cursor !== "number") return false;
  const r = await db
    .prepare(
      "UPDATE hook_deliveries SET state = 'dead', last_error = coalesce(last_error, 'RETRIES_EXHAUSTED'), updated_at_ms = ? WHERE hook_id = ? AND cursor = ? AND state = 'queued'",
    )
    .bind(nowMs, msg.hookId, msg.cursor)
    .run();
  return r.meta.changes > 0;
}

async function finish(
  deps: HookDeliveryDeps,
  hookId: string,
  cursor: number,
  state: "delivered" | "filtered" | "cancelled" | "gone" | "dead",
  status: number | null,
  error: string | null,
): Promise<DeliveryOutcome> {
  await deps.db
    .prepare(
      "UPDATE hook_deliveries SET state = ?, attempts = attempts + ?, last_status = coalesce(?, last_status), last_error = ?, updated_at_ms = ? WHERE hook_id = ? AND cursor = ?",
    )
    .bind(state, status === null ? 0 : 1, status, error, deps.now(), hookId, cursor)
    .run();
  const fields = { hookId, cursor, status, error, outcome: state === "delivered" ? "ok" : state };
  if (state === "dead") deps.log.warn("hook.dead", fields);
  else deps.log.info(state === "delivered" ? "hook.delivered" : `hook.${state}`, fields);
  return { ack: true, state };
}

async function retry(
  deps: HookDeliveryDeps,
  hookId: string,
  cursor: number,
  status: number | null,
  error: string,
  retryInSeconds: number,
): Promise<DeliveryOutcome> {
  await deps.db
    .prepare(
      "UPDATE hook_deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?, updated_at_ms = ? WHERE hook_id = ? AND cursor = ?",
    )
    .bind(status, error, deps.now(), hookId, cursor)
    .run();
  deps.log.warn("hook.retry", { hookId, cursor, status, error, retryInSeconds, outcome: "retry" });
  return { ack: false, retryInSeconds };
}
