/** A destination's run-time state: disabled (and why) after a 410 or a long failure streak. */
export interface DestinationState {
  id: string;
  disabledAtMs: number | null;
  disabledReason: string | null;
  failureStreak: number;
}

export async function destinationState(db: D1Database, id: string): Promise<DestinationState> {
  const row = await db
    .prepare("SELECT disabled_at_ms, disabled_reason, failure_streak FROM destination_state WHERE id = ?")
    .bind(id)
    .first<{ disabled_at_ms: number | null; disabled_reason: string | null; failure_streak: number }>();
  return {
    id,
    disabledAtMs: row?.disabled_at_ms ?? null,
    disabledReason: row?.disabled_reason ?? null,
    failureStreak: row?.failure_streak ?? 0,
  };
}

export async function allDestinationStates(db: D1Database): Promise<Map<string, DestinationState>> {
  const { results } = await db
    .prepare("SELECT id, disabled_at_ms, disabled_reason, failure_streak FROM destination_state")
    .all<{ id: string; disabled_at_ms: number | null; disabled_reason: string | null; failure_streak: number }>();
  return new Map(
    results.map((r) => [
      r.id,
      { id: r.id, disabledAtMs: r.disabled_at_ms, disabledReason: r.disabled_reason, failureStreak: r.failure_streak },
    ]),
  );
}

/** A delivered request ends the streak (a statement, so the consumer batches it with its other writes). */
export function successStatement(db: D1Database, id: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      "INSERT INTO destination_state (id, failure_streak, updated_at_ms) VALUES (?, 0, ?) ON CONFLICT (id) DO UPDATE SET failure_streak = 0, updated_at_ms = excluded.updated_at_ms",
    )
    .bind(id, nowMs);
}

/** Counts a failed attempt; returns the streak and whether the destination is already disabled. */
export function failureStatement(db: D1Database, id: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO destination_state (id, failure_streak, updated_at_ms) VALUES (?, 1, ?)
       ON CONFLICT (id) DO UPDATE SET failure_streak = failure_streak + 1, updated_at_ms = excluded.updated_at_ms
       RETURNING failure_streak, disabled_at_ms`,
    )
    .bind(id, nowMs);
}

/**
 * After a failure: when the streak reached `limit` (0: never) the destination is disabled, once, with the
 * reason. Returns whether this failure disabled it.
 */
export async function disableOnStreak(
  db: D1Database,
  id: string,
  nowMs: number,
  limit: number,
  row: { failure_streak: number; disabled_at_ms: number | null } | undefined,
): Promise<boolean> {
  if (!row || limit <= 0 || row.failure_streak < limit || row.disabled_at_ms !== null) return false;
  await disable(db, id, nowMs, `${row.failure_streak} failed attempts in a row`);
  return true;
}

export async function disable(db: D1Database, id: string, nowMs: number, reason: string): Promise<void> {
  await db
    .prepare(
      `INSERT INTO destination_state (id, disabled_at_ms, disabled_reason, updated_at_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET disabled_at_ms = coalesce(disabled_at_ms, excluded.disabled_at_ms),
         disabled_reason = coalesce(disabled_reason, excluded.disabled_reason), updated_at_ms = excluded.updated_at_ms`,
    )
    .bind(id, nowMs, reason, nowMs)
    .run();
}

/** Clears the disabled mark and the streak; returns whether the destination was disabled. */
export async function enable(db: D1Database, id: string, nowMs: number): Promise<boolean> {
  const row = await db
    .prepare(
      "UPDATE destination_state SET disabled_at_ms = NULL, disabled_reason = NULL, failure_streak = 0, updated_at_ms = ? WHERE id = ? AND disabled_at_ms IS NOT NULL RETURNING id",
    )
    .bind(nowMs, id)
    .first<{ id: string }>();
  return row !== null;
}
