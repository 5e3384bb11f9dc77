import { eventSpec } from "../event-log/catalog";
import { fieldsMatch } from "./hook-filter";
import { hooksOf } from "./hook-store";

/** A queue message: deliver log entry `cursor` to hook `hookId`. */
export interface HookMessage {
  hookId: string;
  cursor: number;
}

/**
 * Queues a new log entry for each hook of its event whose field filter it passes (the closing-date filter needs the
 * escrow and is checked at delivery). The outbox rows come first, so a crash between them and the queue send loses
 * nothing: the entry stays `fanned_out = 0` and the scheduled sweep fans it out again (the rows' primary key keeps
 * that from doubling a delivery row, and the consumer skips a delivered one).
 */
export async function fanOut(
  db: D1Database,
  queue: Queue<HookMessage>,
  cursor: number,
  nowMs: number,
): Promise<number> {
  const row = await db
    .prepare("SELECT event, data FROM events WHERE cursor = ?")
    .bind(cursor)
    .first<{ event: string; data: string }>();
  if (!row || !eventSpec(row.event)) return 0;
  const data = JSON.parse(row.data) as Record<string, unknown>;
  const targets = (await hooksOf(db, row.event)).filter((h) => !h.filter || fieldsMatch(h.filter, data));
  if (targets.length > 0) {
    await db.batch(
      targets.map((h) =>
        db
          .prepare(
            "INSERT OR IGNORE INTO hook_deliveries (hook_id, cursor, state, created_at_ms, updated_at_ms) VALUES (?, ?, 'queued', ?, ?)",
          )
          .bind(h.id, cursor, nowMs, nowMs),
      ),
    );
    // sendBatch takes at most 100 messages.
    for (let i = 0; i < targets.length; i += 100) {
      await queue.sendBatch(
        targets.slice(i, i + 100).map((h) => ({ body: { hookId: h.id, cursor }, contentType: "json" as const })),
      );
    }
  }
  await db.prepare("UPDATE events SET fanned_out = 1 WHERE cursor = ?").bind(cursor).run();
  return targets.length;
}

/** Entries whose fan-out did not finish (a failed queue send, a crash), older than `graceMs`: the sweep's work. */
export async function unfannedCursors(db: D1Database, nowMs: number, graceMs = 60_000, limit = 200): Promise<number[]> {
  const { results } = await db
    .prepare("SELECT cursor FROM events WHERE fanned_out = 0 AND logged_at_ms <= ? ORDER BY cursor LIMIT ?")
    .bind(nowMs - graceMs, limit)
    .all<{ cursor: number }>();
  return results.map((r) => r.cursor);
}
