import type { Destination } from "../config/env";
import { routeEvent } from "../routing/route-event";
import { type DeliveryMessage, sendAll } from "./message";

/** At most this many events per range replay; an operator narrows the range for more. */
export const MAX_RANGE = 1000;

/**
 * Starts a new generation of one delivery (made if the event never went to
 * this destination) and returns its message: older messages of the pair
 * become stale, so a double click sends one copy, not two.
 */
async function nextGeneration(db: D1Database, eventId: string, destinationId: string, nowMs: number) {
  const row = await db
    .prepare(
      `INSERT INTO deliveries (event_id, destination_id, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET generation = generation + 1, state = 'queued', attempts = 0, tries = 0,
         lease_until_ms = NULL, last_error = NULL, delivered_at_ms = NULL, updated_at_ms = excluded.updated_at_ms
       RETURNING generation`,
    )
    .bind(eventId, destinationId, nowMs, nowMs)
    .first<{ generation: number }>();
  return { eventId, destinationId, generation: row?.generation ?? 0 };
}

/** Replays one stored event to one destination; false when the event is not (or no longer) stored. */
export async function replayOne(
  db: D1Database,
  queue: Queue<DeliveryMessage>,
  eventId: string,
  destination: Destination,
  nowMs: number,
): Promise<boolean> {
  const event = await db.prepare("SELECT id FROM events WHERE id = ?").bind(eventId).first();
  if (!event) return false;
  await sendAll(queue, [await nextGeneration(db, eventId, destination.id, nowMs)]);
  return true;
}

/**
 * Replays every stored event received in [fromMs, toMs) that the destination's
 * filters select now, oldest first; returns how many were queued.
 */
export async function replayRange(
  db: D1Database,
  queue: Queue<DeliveryMessage>,
  destination: Destination,
  fromMs: number,
  toMs: number,
  nowMs: number,
): Promise<number> {
  const { results } = await db
    .prepare(
      "SELECT id, name, body FROM events WHERE received_at_ms >= ? AND received_at_ms < ? ORDER BY received_at_ms LIMIT ?",
    )
    .bind(fromMs, toMs, MAX_RANGE)
    .all<{ id: string; name: string; body: string }>();
  const messages: DeliveryMessage[] = [];
  for (const e of results) {
    const data = (JSON.parse(e.body) as { data?: unknown }).data;
    if (routeEvent({ name: e.name, data }, [{ ...destination, enabled: true }]).length === 0) continue;
    messages.push(await nextGeneration(db, e.id, destination.id, nowMs));
  }
  await sendAll(queue, messages);
  return messages.length;
}

/** After a re-enable: every delivery parked while the destination was off goes out again. */
export async function requeueParked(
  db: D1Database,
  queue: Queue<DeliveryMessage>,
  destinationId: string,
  nowMs: number,
): Promise<number> {
  const { results } = await db
    .prepare(
      `UPDATE deliveries SET generation = generation + 1, state = 'queued', attempts = 0, tries = 0, lease_until_ms = NULL,
         updated_at_ms = ? WHERE destination_id = ? AND state = 'parked' RETURNING event_id, generation`,
    )
    .bind(nowMs, destinationId)
    .all<{ event_id: string; generation: number }>();
  await sendAll(
    queue,
    results.map((r) => ({ eventId: r.event_id, destinationId, generation: r.generation })),
  );
  return results.length;
}
