import type { TimelineEntry } from "@actuallycare/shared/client/groups/escrows";

/** Where a run keeps timelines between runs, by escrow id and version. */
export interface TimelineCache {
  /** The cached timelines of these escrows whose version still matches. */
  get(escrows: ReadonlyArray<{ id: string; version: number }>): Promise<Map<string, TimelineEntry[]>>;
  put(id: string, version: number, timeline: readonly TimelineEntry[]): Promise<void>;
}

/** D1 parameters per statement are limited (100): ids are read in chunks. */
const CHUNK = 90;

/** The timeline cache in the worker's D1 (`timeline_cache`, migration 0002). */
export function d1TimelineCache(db: D1Database, now: () => number = Date.now): TimelineCache {
  return {
    async get(escrows) {
      const wanted = new Map(escrows.map((e) => [e.id, e.version]));
      const out = new Map<string, TimelineEntry[]>();
      const ids = [...wanted.keys()];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        const { results } = await db
          .prepare(
            `SELECT escrow_id, version, timeline FROM timeline_cache WHERE escrow_id IN (${chunk.map(() => "?").join(",")})`,
          )
          .bind(...chunk)
          .all<{ escrow_id: string; version: number; timeline: string }>();
        for (const r of results) {
          if (wanted.get(r.escrow_id) === r.version) out.set(r.escrow_id, JSON.parse(r.timeline) as TimelineEntry[]);
        }
      }
      return out;
    },
    async put(id, version, timeline) {
      await db
        .prepare(
          `INSERT INTO timeline_cache (escrow_id, version, timeline, fetched_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (escrow_id) DO UPDATE SET version = excluded.version, timeline = excluded.timeline,
             fetched_at = excluded.fetched_at`,
        )
        .bind(id, version, JSON.stringify(timeline), new Date(now()).toISOString())
        .run();
    },
  };
}
