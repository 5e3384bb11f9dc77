import { AppError } from "@actuallycare/shared/app-error";
import type { AcceptedSubmission } from "../submission/to-lead";

/** A submission the queue gave up on (or the API refused), kept for an operator. */
export interface DeadLetter {
  id: string;
  formId: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * The dead-letter queue's consumer: the submission row becomes `dead`, so nothing is lost. A row with no error
 * recorded (its attempts threw) says so; an OUTCOME_UNKNOWN is kept, since a redelivery must look before it posts.
 */
export async function storeDeadLetter(db: D1Database, body: unknown, nowIso: string): Promise<void> {
  const id = (body as AcceptedSubmission | null)?.submission?.submission_id;
  if (typeof id !== "string") return;
  await db
    .prepare(
      "UPDATE submissions SET state = 'dead', last_error = coalesce(last_error, 'RETRIES_EXHAUSTED'), updated_at = ? WHERE id = ? AND state = 'queued'",
    )
    .bind(nowIso, id)
    .run();
}

export async function listDeadLetters(db: D1Database): Promise<DeadLetter[]> {
  const { results } = await db
    .prepare(
      "SELECT id, form_id, attempts, last_error, created_at, updated_at FROM submissions WHERE state = 'dead' ORDER BY updated_at DESC LIMIT 500",
    )
    .all<{
      id: string;
      form_id: string;
      attempts: number;
      last_error: string | null;
      created_at: string;
      updated_at: string;
    }>();
  return results.map((r) => ({
    id: r.id,
    formId: r.form_id,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/**
 * Puts a dead submission back on the queue, as it was accepted. `last_error` is kept: if it says
 * OUTCOME_UNKNOWN, an earlier attempt may have made the lead and the next one must look for it first.
 */
export async function redeliver(
  db: D1Database,
  queue: Queue<AcceptedSubmission>,
  id: string,
  nowIso: string,
): Promise<void> {
  // Claimed and read in one guarded statement, so two operators (or a double click) put it back on the queue once.
  const row = await db
    .prepare(
      "UPDATE submissions SET state = 'queued', updated_at = ? WHERE id = ? AND state = 'dead' RETURNING payload",
    )
    .bind(nowIso, id)
    .first<{ payload: string }>();
  if (!row) throw new AppError(404, "NOT_FOUND", "No dead letter with this id");
  try {
    await queue.send(JSON.parse(row.payload) as AcceptedSubmission, { contentType: "json" });
  } catch (err) {
    // Not queued, so back among the dead letters: otherwise it would sit `queued` with no message, unseen.
    await db
      .prepare("UPDATE submissions SET state = 'dead', updated_at = ? WHERE id = ? AND state = 'queued'")
      .bind(nowIso, id)
      .run();
    throw new AppError(503, "TEMPORARILY_UNAVAILABLE", "Could not queue it; try again", undefined, `send: ${err}`, 5);
  }
}
