import { AppError } from "@actuallycare/shared/app-error";
import { leadInputSchema } from "@actuallycare/shared/client/groups/lead-input";
import type { FormConfig } from "../config/forms";
import { contentKey } from "./same-content";
import { submissionSchema } from "./submission-schema";
import { type AcceptedSubmission, toLead } from "./to-lead";

export interface AcceptDeps {
  db: D1Database;
  queue: Queue<AcceptedSubmission>;
  now: () => number;
}

/**
 * Validates a submission and makes it durable before anyone is told it was
 * received: a row keyed by its submission id (the idempotency key), then a
 * queue message. The same id again with the same content (a double click, a
 * browser retry) gets the same answer and is not queued twice; with other
 * content (or from another form) it is refused with 409, never dropped.
 */
export async function acceptSubmission(
  deps: AcceptDeps,
  form: FormConfig,
  values: Record<string, unknown>,
): Promise<{ submissionId: string; repeated: boolean }> {
  // Ids are compared without case (an upper-cased UUID is the same id), so they are stored lower-cased.
  const id =
    typeof values.submission_id === "string" && values.submission_id !== ""
      ? values.submission_id.toLowerCase()
      : crypto.randomUUID();
  const parsed = submissionSchema(form).safeParse({ ...values, submission_id: id });
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message }));
    throw new AppError(400, "VALIDATION_ERROR", "Please correct the highlighted fields", details);
  }
  const nowIso = new Date(deps.now()).toISOString();
  const accepted: AcceptedSubmission = { formId: form.id, submission: parsed.data, acceptedAt: nowIso };
  // toLead keeps every lead within the API's limits (a property test checks it); should it ever fail, the visitor
  // is told now rather than told "received" and the lead dead-lettered later.
  const lead = leadInputSchema.safeParse(toLead(form, accepted));
  if (!lead.success) {
    const fields = lead.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new AppError(
      400,
      "VALIDATION_ERROR",
      "This submission cannot be taken as it is",
      [{ field: "body", message: "The details could not be made into a lead" }],
      `the lead built would fail the API's validation on ${fields}`,
    );
  }
  const insert = await deps.db
    .prepare(
      "INSERT INTO submissions (id, form_id, payload, state, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id, form.id, JSON.stringify(accepted), nowIso, nowIso)
    .run();
  if (insert.meta.changes === 0) {
    const existing = await deps.db
      .prepare("SELECT form_id, payload FROM submissions WHERE id = ?")
      .bind(id)
      .first<{ form_id: string; payload: string }>();
    if (!existing) {
      // Gone since the insert: the first post of this id could not queue it and let it go. Nothing is kept.
      throw unavailable("the row of a repeated id vanished (its first post failed)");
    }
    const earlier = (JSON.parse(existing.payload) as AcceptedSubmission).submission;
    if (existing.form_id !== form.id || contentKey(earlier) !== contentKey(parsed.data)) {
      // Taking it as a repeat would drop these details silently; the visitor can send them with a new id.
      throw new AppError(409, "SUBMISSION_ID_REUSED", REUSED_MESSAGE);
    }
    return { submissionId: id, repeated: true };
  }
  try {
    await deps.queue.send(accepted, { contentType: "json" });
  } catch (err) {
    // Not queued, so not accepted: forget the row so the visitor's retry (same id) starts afresh.
    await deps.db.prepare("DELETE FROM submissions WHERE id = ? AND state = 'queued'").bind(id).run();
    throw unavailable(`queue send failed: ${String(err)}`);
  }
  return { submissionId: id, repeated: false };
}

/** The 409's message: the visitor (or the script) sends the details again with a new submission id. */
export const REUSED_MESSAGE =
  "This submission id was already used to send other details. Send these details as a new submission, with a new submission id.";

const unavailable = (internal: string) =>
  new AppError(
    503,
    "TEMPORARILY_UNAVAILABLE",
    "We could not take your submission just now. Please try again.",
    undefined,
    internal,
    5,
  );
