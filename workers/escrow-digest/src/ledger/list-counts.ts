/** Escrows per list at the last run: `all` (the unarchived list, no status filter) and each status. */
export type ListCounts = Partial<Record<string, number>>;

/** Where a run keeps its list counts for the next run's plan (run/list-plan.ts). */
export interface ListCountStore {
  /** The counts observed within the last week; older ones are dropped, so the next run measures again. */
  get(): Promise<ListCounts>;
  put(counts: ListCounts): Promise<void>;
}

/**
 * A week: `all` is measured only when the combined list is read, so an account on per-status lists re-measures
 * it (one page) once a week, in case it archived its closed escrows since.
 */
export const COUNTS_MAX_AGE_MS = 7 * 86_400_000;

/** The list counts in the worker's D1 (`list_counts`, migration 0003). */
export function d1ListCounts(db: D1Database, now: () => number = Date.now): ListCountStore {
  return {
    async get() {
      const since = new Date(now() - COUNTS_MAX_AGE_MS).toISOString();
      const { results } = await db
        .prepare("SELECT list, total FROM list_counts WHERE observed_at >= ?")
        .bind(since)
        .all<{ list: string; total: number }>();
      return Object.fromEntries(results.map((r) => [r.list, r.total]));
    },
    async put(counts) {
      const at = new Date(now()).toISOString();
      const rows = Object.entries(counts).filter((e): e is [string, number] => typeof e[1] === "number");
      if (rows.length === 0) return;
      await db.batch(
        rows.map(([list, total]) =>
          db
            .prepare(
              `INSERT INTO list_counts (list, total, observed_at) VALUES (?, ?, ?)
               ON CONFLICT (list) DO UPDATE SET total = excluded.total, observed_at = excluded.observed_at`,
            )
            .bind(list, total, at),
        ),
      );
    },
  };
}
