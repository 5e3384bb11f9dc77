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

/** The dead-letter queue's consumer: the submission row becomes `dead`, so nothing is lost. */
export async function storeDeadLetter(db: D1Database, body: unknown, nowIso: string): Promise<void> {
  const id = (body as AcceptedSubmission | null)?.submission?.submission_id;
  if (typeof id !== "string") return;
  await db
    .prepare("UPDATE submissions SET state = 'dead', updated_at = ? WHERE id = ? AND state = 'queued'")
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

/** Puts a dead submission back on the queue, as it was accepted. */
export async function redeliver(
  db: D1Database,
  queue: Queue<AcceptedSubmission>,
  id: string,
  nowIso: string,
): Promise<void> {
  const row = await db
    .prepare("SELECT payload FROM submissions WHERE id = ? AND state = 'dead'")
    .bind(id)
    .first<{ payload: string }>();
  if (!row) throw new AppError(404, "NOT_FOUND", "No dead letter with this id");
  await db
    .prepare("UPDATE submissions SET state = 'queued', last_error = NULL, updated_at = ? WHERE id = ?")
    .bind(nowIso, id)
    .run();
  await queue.send(JSON.parse(row.payload) as AcceptedSubmission, { contentType: "json" });
}
