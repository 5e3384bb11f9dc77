import type { Settings } from "../config/env";

const DAY = 86_400_000;

/**
 * The scheduled cleanup: log rows past their retention, and events past
 * theirs with their delivery rows, except events a delivery is still working
 * on (an event's body is what a retry or a replay sends).
 */
export async function cleanUp(
  db: D1Database,
  settings: Settings,
  nowMs: number,
): Promise<{ attempts: number; events: number }> {
  const attempts = await db
    .prepare("DELETE FROM attempts WHERE created_at_ms < ?")
    .bind(nowMs - settings.logRetentionDays * DAY)
    .run();
  const before = nowMs - settings.eventRetentionDays * DAY;
  const done =
    "received_at_ms < ? AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = events.id AND d.state = 'queued')";
  const [, events] = await db.batch([
    db.prepare(`DELETE FROM deliveries WHERE event_id IN (SELECT id FROM events WHERE ${done})`).bind(before),
    db.prepare(`DELETE FROM events WHERE ${done}`).bind(before),
  ]);
  return { attempts: attempts.meta.changes ?? 0, events: events?.meta.changes ?? 0 };
}
