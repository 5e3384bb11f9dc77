import type { EventSpec } from "./catalog";

/** A row of the log as the triggers read it. */
export interface LogRow {
  cursor: number;
  event: string;
  record_id: string;
  occurred_at_ms: number;
  data: string;
}

export interface Page {
  rows: LogRow[];
  /** The cursor to send next time: the newest cursor of this page, or the one sent when nothing is new. */
  nextCursor: number;
  /** More entries after this page (read again with `nextCursor` at once). */
  hasMore: boolean;
}

/**
 * Reads one event's entries, newest first.
 *
 * Without a cursor: the newest `limit` (Zapier's polling contract; it dedupes on the item ids). With a cursor: the
 * `limit` oldest entries after it, returned newest first, so a caller that keeps `nextCursor` sees every entry
 * exactly once. That holds across concurrent writes (D1 runs one statement at a time, so an entry becomes visible
 * only after every lower cursor is), restarts and deploys (cursors are durable rows, never reused).
 */
export async function readEvents(
  db: D1Database,
  spec: EventSpec,
  options: { limit: number; cursor?: number },
): Promise<Page> {
  const columns = "cursor, event, record_id, occurred_at_ms, data";
  const take = options.limit + 1;
  const { results } =
    options.cursor === undefined
      ? await db
          .prepare(`SELECT ${columns} FROM events WHERE event = ? ORDER BY cursor DESC LIMIT ?`)
          .bind(spec.event, take)
          .all<LogRow>()
      : await db
          .prepare(`SELECT ${columns} FROM events WHERE event = ? AND cursor > ? ORDER BY cursor ASC LIMIT ?`)
          .bind(spec.event, options.cursor, take)
          .all<LogRow>();
  const hasMore = results.length > options.limit;
  const rows = results.slice(0, options.limit);
  if (options.cursor !== undefined) rows.reverse();
  const nextCursor = rows[0]?.cursor ?? options.cursor ?? 0;
  return { rows, nextCursor, hasMore };
}
