/** Filters of the operator's lists; all optional. */
export interface LogFilter {
  eventId?: string;
  destinationId?: string;
  /** Only what did not go through: failed attempts, or dead and parked deliveries. */
  failed?: boolean;
  limit: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function where(f: LogFilter, failedClause: string): { sql: string; args: unknown[] } {
  const clauses: string[] = [];
  const args: unknown[] = [];
  if (f.eventId) {
    clauses.push("event_id = ?");
    args.push(f.eventId);
  }
  if (f.destinationId) {
    clauses.push("destination_id = ?");
    args.push(f.destinationId);
  }
  if (f.failed) clauses.push(failedClause);
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", args };
}

/** Every request to a destination, newest first. */
export async function listAttempts(db: D1Database, f: LogFilter) {
  const w = where(f, "outcome <> 'delivered'");
  const { results } = await db
    .prepare(
      `SELECT id, event_id, event_name, destination_id, generation, attempt, outcome, status, error_class, duration_ms,
         response_snippet, created_at_ms FROM attempts ${w.sql} ORDER BY id DESC LIMIT ?`,
    )
    .bind(...w.args, f.limit)
    .all<{
      id: number;
      event_id: string;
      event_name: string;
      destination_id: string;
      generation: number;
      attempt: number;
      outcome: string;
      status: number;
      error_class: string | null;
      duration_ms: number;
      response_snippet: string | null;
      created_at_ms: number;
    }>();
  return results.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    event: r.event_name,
    destinationId: r.destination_id,
    generation: r.generation,
    attempt: r.attempt,
    outcome: r.outcome,
    status: r.status,
    errorClass: r.error_class,
    durationMs: r.duration_ms,
    responseSnippet: r.response_snippet,
    at: iso(r.created_at_ms),
  }));
}

/** Each (event, destination) and where it stands, most recently changed first. */
export async function listDeliveries(db: D1Database, f: LogFilter) {
  const w = where(f, "state IN ('dead', 'parked')");
  const { results } = await db
    .prepare(
      `SELECT d.event_id, e.name, e.event_ts, d.destination_id, d.state, d.generation, d.attempts, d.tries, d.last_error,
         d.created_at_ms, d.updated_at_ms, d.delivered_at_ms
       FROM deliveries d JOIN events e ON e.id = d.event_id ${w.sql}
       ORDER BY d.updated_at_ms DESC LIMIT ?`,
    )
    .bind(...w.args, f.limit)
    .all<{
      event_id: string;
      name: string;
      event_ts: string;
      destination_id: string;
      state: string;
      generation: number;
      attempts: number;
      tries: number;
      last_error: string | null;
      created_at_ms: number;
      updated_at_ms: number;
      delivered_at_ms: number | null;
    }>();
  return results.map((r) => ({
    eventId: r.event_id,
    event: r.name,
    eventTimestamp: r.event_ts,
    destinationId: r.destination_id,
    state: r.state,
    generation: r.generation,
    failedAttempts: r.attempts,
    tries: r.tries,
    lastError: r.last_error,
    createdAt: iso(r.created_at_ms),
    updatedAt: iso(r.updated_at_ms),
    deliveredAt: iso(r.delivered_at_ms),
  }));
}
