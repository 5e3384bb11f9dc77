import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import type { leadsApi } from "@actuallycare/shared/client/groups/leads";
import { z } from "zod";
import type { FormConfig } from "../config/forms";
import { submissionSchema } from "../submission/submission-schema";
import { type AcceptedSubmission, contactKey, toLead } from "../submission/to-lead";

type LeadsApi = ReturnType<typeof leadsApi>;

export interface DeliveryDeps {
  db: D1Database;
  forms: Map<string, FormConfig>;
  leads: LeadsApi;
  now: () => number;
  log: (message: string) => void;
}

/** What a delivery attempt decided for its message. */
export type Outcome = { ack: true; state: "delivered" | "duplicate" | "dead" } | { ack: false; retryInSeconds: number };

const messageSchema = z.object({
  formId: z.string(),
  submission: z.record(z.string(), z.unknown()),
  acceptedAt: z.string(),
});

/** 5 s, 10 s, 20 s … up to 10 minutes between attempts after a failure that may pass. */
const backoffSeconds = (attempts: number) => Math.min(600, 5 * 2 ** Math.max(0, attempts - 1));

/**
 * Turns one accepted submission into one lead, exactly once: a delivered or
 * deduplicated submission is never posted again, a contact already made a lead
 * within the form's window is not posted again, and after an attempt whose
 * outcome is unknown (a timeout: the API may have written) the recent leads
 * are searched for this submission's id before posting again.
 */
export async function deliverSubmission(deps: DeliveryDeps, body: unknown, attempts: number): Promise<Outcome> {
  const parsed = messageSchema.safeParse(body);
  const form = parsed.success ? deps.forms.get(parsed.data.formId) : undefined;
  const submission = form && parsed.success ? submissionSchema(form).safeParse(parsed.data.submission) : null;
  if (!parsed.success || !form || !submission?.success) {
    deps.log("lead-intake: dropped a malformed queue message (no such form, or fields that no longer validate)");
    return { ack: true, state: "dead" };
  }
  const accepted: AcceptedSubmission = {
    formId: form.id,
    submission: submission.data,
    acceptedAt: parsed.data.acceptedAt,
  };
  const id = accepted.submission.submission_id;
  const row = await deps.db
    .prepare("SELECT state, last_error FROM submissions WHERE id = ?")
    .bind(id)
    .first<{ state: string; last_error: string | null }>();
  if (row && (row.state === "delivered" || row.state === "duplicate")) return { ack: true, state: row.state };

  const key = contactKey(accepted.submission);
  const since = deps.now() - form.dedupeWindowHours * 3_600_000;
  const earlier = await deps.db
    .prepare("SELECT lead_id FROM dedupe WHERE form_id = ? AND contact_key = ? AND created_at_ms >= ?")
    .bind(form.id, key, since)
    .first<{ lead_id: string }>();
  if (earlier) {
    await record(deps, id, "duplicate", earlier.lead_id, null);
    return { ack: true, state: "duplicate" };
  }
  try {
    const found = row?.last_error === "OUTCOME_UNKNOWN" ? await findLeadOf(deps.leads, id) : null;
    const leadId = found ?? (await deps.leads.create(toLead(form, accepted))).id;
    await deps.db
      .prepare(
        "INSERT OR REPLACE INTO dedupe (form_id, contact_key, lead_id, submission_id, created_at_ms) VALUES (?, ?, ?, ?, ?)",
      )
      .bind(form.id, key, leadId, id, deps.now())
      .run();
    await record(deps, id, "delivered", leadId, null);
    return { ack: true, state: "delivered" };
  } catch (err) {
    if (!(err instanceof ActuallyCareError)) throw err;
    const unknown =
      err.kind === "timeout" ||
      (err.kind === "network" && err.retryable) ||
      (err.kind === "http" && (err.status ?? 0) >= 500);
    // Once an attempt may have written, every later one must look before it posts.
    const stillUnknown = unknown || row?.last_error === "OUTCOME_UNKNOWN";
    await record(deps, id, "queued", null, stillUnknown ? "OUTCOME_UNKNOWN" : err.code, true);
    if (err.kind === "rate_limited") return { ack: false, retryInSeconds: err.delaySeconds(deps.now()) };
    if (err.retryable) return { ack: false, retryInSeconds: backoffSeconds(attempts) };
    // 400 and friends: retrying cannot help; an operator can fix the config and redeliver.
    deps.log(`lead-intake: submission ${id} refused by the API: ${err.code}`);
    await record(deps, id, "dead", null, err.code);
    return { ack: true, state: "dead" };
  }
}

/** The lead an earlier, unanswered attempt may have created: its notes carry the submission id. */
async function findLeadOf(leads: LeadsApi, submissionId: string): Promise<string | null> {
  const page = await leads.list({ limit: 100 });
  return (
    page.leads.find((l) => typeof l.notes === "string" && l.notes.includes(`Submission ${submissionId}.`))?.id ?? null
  );
}

async function record(
  deps: DeliveryDeps,
  id: string,
  state: string,
  leadId: string | null,
  error: string | null,
  attempt = false,
) {
  await deps.db
    .prepare(
      `UPDATE submissions SET state = ?, lead_id = coalesce(?, lead_id), last_error = ?, attempts = attempts + ?, updated_at = ? WHERE id = ?`,
    )
    .bind(state, leadId, error, attempt ? 1 : 0, new Date(deps.now()).toISOString(), id)
    .run();
}
