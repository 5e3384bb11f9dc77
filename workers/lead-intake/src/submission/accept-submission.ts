import { AppError } from "@actuallycare/shared/app-error";
import type { FormConfig } from "../config/forms";
import { submissionSchema } from "./submission-schema";
import type { AcceptedSubmission } from "./to-lead";

export interface AcceptDeps {
  db: D1Database;
  queue: Queue<AcceptedSubmission>;
  now: () => number;
}

/**
 * Validates a submission and makes it durable before anyone is told it was
 * received: a row keyed by its submission id (the idempotency key), then a
 * queue message. The same id again (a double click, a browser retry) gets the
 * same answer and is not queued twice.
 */
export async function acceptSubmission(
  deps: AcceptDeps,
  form: FormConfig,
  values: Record<string, unknown>,
): Promise<{ submissionId: string; repeated: boolean }> {
  const id =
    typeof values.submission_id === "string" && values.submission_id !== ""
      ? values.submission_id
      : crypto.randomUUID();
  const parsed = submissionSchema(form).safeParse({ ...values, submission_id: id });
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message }));
    throw new AppError(400, "VALIDATION_ERROR", "Please correct the highlighted fields", details);
  }
  const nowIso = new Date(deps.now()).toISOString();
  const accepted: AcceptedSubmission = { formId: form.id, submission: parsed.data, acceptedAt: nowIso };
  const insert = await deps.db
    .prepare(
      "INSERT INTO submissions (id, form_id, payload, state, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id, form.id, JSON.stringify(accepted), nowIso, nowIso)
    .run();
  if (insert.meta.changes === 0) {
    const existing = await deps.db
      .prepare("SELECT form_id FROM submissions WHERE id = ?")
      .bind(id)
      .first<{ form_id: string }>();
    if (existing?.form_id !== form.id) {
      throw new AppError(409, "SUBMISSION_ID_REUSED", "This submission id belongs to another form");
    }
    return { submissionId: id, repeated: true };
  }
  try {
    await deps.queue.send(accepted, { contentType: "json" });
  } catch (err) {
    // Not queued, so not accepted: forget the row so the visitor's retry (same id) starts afresh.
    await deps.db.prepare("DELETE FROM submissions WHERE id = ? AND state = 'queued'").bind(id).run();
    throw new AppError(
      503,
      "TEMPORARILY_UNAVAILABLE",
      "We could not take your submission just now. Please try again.",
      undefined,
      `queue send failed: ${String(err)}`,
      5,
    );
  }
  return { submissionId: id, repeated: false };
}
