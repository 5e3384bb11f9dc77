import type { EventSpec } from "./catalog";

/**
 * A webhook timestamp and the record's `updated_at` for one change may differ by a little on the live API (two
 * clocks); within this window they are taken as the same change. Two real changes of one record this close together,
 * one of them missed, show as one (documented in the README).
 */
export const SAME_CHANGE_MS = 2000;

export interface NewEntry {
  spec: EventSpec;
  recordId: string;
  /** The webhook's signed timestamp, or the record's `updated_at` (`created_at` for a created event). */
  occurredAtMs: number;
  /** The catalog fields (see `projectData`). */
  data: Record<string, string | number | null>;
  origin: "webhook" | "reconcile";
  /** SHA-256 hex of the signed body (webhooks only). */
  bodyHash: string | null;
}

/** One change is one row, whichever path saw it first (see the migration). */
export function changeKey(spec: EventSpec, recordId: string, occurredAtMs: number): string {
  return spec.kind === "once" ? `${spec.event}:${recordId}` : `${spec.event}:${recordId}:${occurredAtMs}`;
}

/**
 * Appends an event unless it is already in the log: the same signed body, the same change (`change_key`), or, for a
 * repeatable event, a change this one cannot add to. A webhook is dropped when reconciliation already logged this
 * change or a later one of the same event for the record (the webhook came late; its item would repeat or go
 * backwards); a reconciled change is dropped when anything already logged that change or a later one. The check
 * and the insert are one statement, so concurrent deliveries and a reconciliation pass cannot both insert.
 * The record's last seen state moves forward in the same transaction.
 */
export async function appendEvent(db: D1Database, entry: NewEntry, nowMs: number): Promise<{ cursor: number } | null> {
  const { spec, recordId, occurredAtMs } = entry;
  const coveredFrom = spec.kind === "once" ? Number.MAX_SAFE_INTEGER : occurredAtMs - SAME_CHANGE_MS;
  const coveringOrigin = entry.origin === "webhook" ? "reconcile" : null;
  const status = typeof entry.data.status === "string" ? entry.data.status : null;
  const [inserted] = await db.batch<{ cursor: number }>([
    db
      .prepare(
        `INSERT OR IGNORE INTO events (event, resource, record_id, occurred_at_ms, data, origin, body_hash, change_key, logged_at_ms)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9
         WHERE NOT EXISTS (SELECT 1 FROM events WHERE resource = ?2 AND record_id = ?3 AND event = ?1
                           AND (?10 IS NULL OR origin = ?10) AND occurred_at_ms >= ?11)
         RETURNING cursor`,
      )
      .bind(
        spec.event,
        spec.resource,
        recordId,
        occurredAtMs,
        JSON.stringify(entry.data),
        entry.origin,
        entry.bodyHash,
        changeKey(spec, recordId, occurredAtMs),
        nowMs,
        coveringOrigin,
        coveredFrom,
      ),
    noteRecord(db, spec.resource, recordId, occurredAtMs, status),
  ]);
  const row = inserted?.results[0];
  return row ? { cursor: row.cursor } : null;
}

/** Moves a record's last seen state forward (never back: webhooks arrive in any order). */
export function noteRecord(
  db: D1Database,
  resource: string,
  recordId: string,
  updatedAtMs: number,
  status: string | null,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO records (resource, record_id, updated_at_ms, status) VALUES (?, ?, ?, ?)
       ON CONFLICT (resource, record_id) DO UPDATE SET
         status = CASE WHEN excluded.updated_at_ms >= records.updated_at_ms
                       THEN coalesce(excluded.status, records.status) ELSE records.status END,
         updated_at_ms = max(records.updated_at_ms, excluded.updated_at_ms)`,
    )
    .bind(resource, recordId, updatedAtMs, status);
}
