import type { VerifiedEvent } from "@actuallycare/shared/webhooks/actuallycare";
import type { Destination } from "../config/env";
import { type DeliveryMessage, sendAll } from "../delivery/message";
import { routeEvent } from "../routing/route-event";

export interface AcceptDeps {
  db: D1Database;
  queue: Queue<DeliveryMessage>;
  destinations: readonly Destination[];
  now: () => number;
}

export interface Accepted {
  eventId: string;
  /** True when this event was already stored: an ActuallyCare retry, or a second subscription. */
  duplicate: boolean;
  destinations: string[];
}

/**
 * Stores a verified event with one delivery row per matching destination (one
 * D1 batch, so both or neither), then sends one queue message per row; only
 * then may the caller answer 2xx. A later copy of the same bytes (an
 * ActuallyCare retry, a second subscription) adds nothing and sends again
 * only the messages of deliveries not yet done, which covers an earlier
 * arrival that died between its write and its send: the consumer skips a
 * message whose delivery is done or in flight.
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
  if (inserted?.meta.changes) {
    await sendAll(
      deps.queue,
      matches.map((destinationId) => ({ eventId: event.id, destinationId, generation: 0 })),
    );
    return { eventId: event.id, duplicate: false, destinations: matches };
  }
  const { results } = await deps.db
    .prepare("SELECT destination_id, generation, state FROM deliveries WHERE event_id = ? ORDER BY destination_id")
    .bind(event.id)
    .all<{ destination_id: string; generation: number; state: string }>();
  await sendAll(
    deps.queue,
    results
      .filter((r) => r.state === "queued")
      .map((r) => ({ eventId: event.id, destinationId: r.destination_id, generation: r.generation })),
  );
  return { eventId: event.id, duplicate: true, destinations: results.map((r) => r.destination_id) };
}
