import type { VerifiedEvent } from "@actuallycare/shared/webhooks/actuallycare";
import type { Destination } from "../config/env";
import { type DeliveryMessage, sendAll } from "../delivery/message";
import { routeEvent } from "../routing/route-event";

export interface AcceptDeps {
  db: D1Database;
  queue: Queue<DeliveryMessage>;
  destinations: readonly Destination[];
  now: () => number;
  /** Runs work that need not delay the answer (`ctx.waitUntil`); awaited in place when absent. */
  defer?: (work: Promise<unknown>) => void;
}

export interface Accepted {
  eventId: string;
  /** True when this event was already stored and queued: an ActuallyCare retry, or a second subscription. */
  duplicate: boolean;
  destinations: string[];
}

/**
 * Stores a verified event with one delivery row per matching destination (one
 * D1 batch, so both or neither), then sends one queue message per row; then
 * the caller may answer 2xx. The event is marked enqueued after that. A second
 * arrival of the same bytes finds the event already enqueued and sends
 * nothing; if an earlier arrival died before enqueuing, this one finishes
 * (the consumer skips whatever was already delivered).
 */
export async function acceptEvent(deps: AcceptDeps, event: VerifiedEvent, raw: string): Promise<Accepted> {
  const now = deps.now();
  const matches = routeEvent(event, deps.destinations).map((d) => d.id);
  const [inserted] = await deps.db.batch([
    deps.db
      .prepare(
        "INSERT INTO events (id, name, event_ts, body, received_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
      )
      .bind(event.id, event.name, event.timestamp, raw, now),
    ...matches.map((destinationId) =>
      deps.db
        .prepare(
          "INSERT INTO deliveries (event_id, destination_id, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        )
        .bind(event.id, destinationId, now, now),
    ),
  ]);
  if (!inserted?.meta.changes) {
    const stored = await deps.db
      .prepare("SELECT enqueued_at_ms FROM events WHERE id = ?")
      .bind(event.id)
      .first<{ enqueued_at_ms: number | null }>();
    if (stored?.enqueued_at_ms !== null && stored?.enqueued_at_ms !== undefined) {
      const { results } = await deps.db
        .prepare("SELECT destination_id FROM deliveries WHERE event_id = ? ORDER BY destination_id")
        .bind(event.id)
        .all<{ destination_id: string }>();
      return { eventId: event.id, duplicate: true, destinations: results.map((r) => r.destination_id) };
    }
  }
  // A new event sends its rows as just written; a finishing retry sends the rows still queued (generation 0).
  let messages: DeliveryMessage[];
  if (inserted?.meta.changes) {
    messages = matches.map((destinationId) => ({ eventId: event.id, destinationId, generation: 0 }));
  } else {
    const { results } = await deps.db
      .prepare("SELECT destination_id, generation FROM deliveries WHERE event_id = ? AND state = 'queued'")
      .bind(event.id)
      .all<{ destination_id: string; generation: number }>();
    messages = results.map((r) => ({ eventId: event.id, destinationId: r.destination_id, generation: r.generation }));
  }
  await sendAll(deps.queue, messages);
  // Stored and queued: the caller may answer now. The mark only spares a later copy of the event from sending
  // its messages again (the consumer would skip them anyway), so it need not delay the answer.
  const mark = deps.db.prepare("UPDATE events SET enqueued_at_ms = ? WHERE id = ?").bind(deps.now(), event.id).run();
  if (deps.defer) deps.defer(mark);
  else await mark;
  return { eventId: event.id, duplicate: false, destinations: matches };
}
