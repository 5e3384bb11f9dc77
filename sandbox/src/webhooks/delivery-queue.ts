import type { EventSink, UserRow } from "../app-env";
import type { Clock } from "../clock";
import type { Sql } from "../db/sql";

/**
 * Records each emitted event as one pending delivery per matching subscription.
 * Nothing is sent here: the Durable Object dispatches after the response, so a
 * slow receiver never delays the request that caused the event.
 */
export class DeliveryQueue implements EventSink {
  /** Set when this request queued something; the Durable Object then dispatches. */
  queued = false;

  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly nextId: () => string,
    private readonly realNow: () => number = Date.now,
  ) {}

  emit(event: string, data: Record<string, unknown>, actor: UserRow): void {
    const subs = this.sql.all<{ id: string; events: string; team_id: string | null }>(
      "SELECT id, events, team_id FROM webhooks WHERE active = 1 AND (owner_id = ? OR (team_id IS NOT NULL AND team_id = ?))",
      actor.id,
      actor.team_id,
    );
    const timestamp = this.clock.iso();
    for (const sub of subs) {
      const events = JSON.parse(sub.events) as string[];
      if (!events.includes(event) && !events.includes("all")) continue;
      const payload = JSON.stringify({ event, timestamp, data, ...(sub.team_id ? { team_id: sub.team_id } : {}) });
      this.enqueue(sub.id, event, payload);
    }
  }

  /** Queues one delivery to one subscription (also used by the sandbox's test trigger). */
  enqueue(webhookId: string, event: string, payload: string): string {
    const id = this.nextId();
    this.sql.run(
      "INSERT INTO webhook_deliveries (id, webhook_id, event, payload, attempts, next_attempt_at, state, created_at) VALUES (?, ?, ?, ?, 0, ?, 'pending', ?)",
      id,
      webhookId,
      event,
      payload,
      this.realNow(),
      this.clock.iso(),
    );
    this.queued = true;
    return id;
  }
}
