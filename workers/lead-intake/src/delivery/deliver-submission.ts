import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import { elapsed, type Logger } from "@actuallycare/shared/worker/log";
import * as z from "@actuallycare/shared/zod";
import type { FormConfig } from "../config/forms";
import { submissionSchema } from "../submission/submission-schema";
import { type AcceptedSubmission, contactKey, toLead } from "../submission/to-lead";
import { type LookupDeps, searchEarlierLead } from "./find-lead";

export interface DeliveryDeps extends LookupDeps {
  forms: Map<string, FormConfig>;
  /** Structured lines only: ids, codes and counts, never the submission's fields. */
  log: Logger;
  /** How long a post that timed out may still land at the API: no attempt looks or posts before (default 60 s). */
  settleMs?: number;
}

/**
 * What an attempt decided for its message. `requeue`: the API said "later" (a 429, the shared cool-down, this
 * invocation's subrequests spent, a search to go on with), not "failed": the message goes back on the queue as a new
 * one rather than spending one of its retries (settle-batch.ts), so a storm of 429s cannot turn it into a dead
 * letter. `holdBatch`: the same wait applies to the rest of the batch (the API or the budget refuses them all).
 */
export type Outcome =
  | { ack: true; state: "delivered" | "duplicate" | "dead" }
  | { ack: false; retryInSeconds: number; requeue?: true; holdBatch?: true };

/** `last_error` of a submission that an attempt may have posted: every later attempt looks before it posts. */
export const OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN";

const messageSchema = z.object({
  formId: z.string(),
  submission: z.record(z.string(), z.unknown()),
  acceptedAt: z.string(),
});

/** 5 s, 10 s, 20 s … up to 10 minutes between attempts after a failure that may pass. */
const backoffSeconds = (attempts: number) => Math.min(600, 5 * 2 ** Math.max(0, attempts - 1));
/** Queues refuse a longer `delaySeconds` (12 hours). */
const MAX_DELAY_SECONDS = 43_200;
/** A request the API left unanswered may be processed this long after (the consumer passes 6 × API_TIMEOUT_MS). */
const SETTLE_MS = 60_000;
/** An unfinished lookup resumes soon: it is making progress, not waiting out a failure. */
const LOOKUP_RETRY_SECONDS = 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Turns one accepted submission into one lead, exactly once: a delivered or
 * deduplicated submission is never posted again, a contact already made a lead
 * within the form's window is not posted again, and after an attempt whose
 * outcome is unknown (a timeout: the API may have written) the leads made
 * since the submission was accepted are searched for its id before posting
 * again (find-lead.ts).
 */
export async function deliverSubmission(deps: DeliveryDeps, body: unknown, attempts: number): Promise<Outcome> {
  const started = deps.now();
  const outcome = await attempt(deps, body, attempts);
  const state = outcome.ack ? outcome.state : "retry";
  deps.log[state === "delivered" || state === "duplicate" ? "info" : "warn"](`submission.${state}`, {
    submissionId: submissionIdOf(body),
    attempts,
    outcome: state,
    retryInSeconds: outcome.ack ? undefined : outcome.retryInSeconds,
    durationMs: elapsed(started, deps.now),
  });
  return outcome;
}

/** A message's submission id when it is a well-formed one: anything else in a message may be a visitor's data. */
export function submissionIdOf(body: unknown): string | null {
  const raw = (body as { submission?: { submission_id?: unknown } } | null)?.submission?.submission_id;
  return typeof raw === "string" && UUID.test(raw) ? raw : null;
}

async function attempt(deps: DeliveryDeps, body: unknown, attempts: number): Promise<Outcome> {
  const parsed = messageSchema.safeParse(body);
  const form = parsed.success ? deps.forms.get(parsed.data.formId) : undefined;
  const submission = form && parsed.success ? submissionSchema(form).safeParse(parsed.data.submission) : null;
  if (!parsed.success || !form || !submission?.success) {
    return dropMalformed(deps, body, parsed.success && !form ? "FORM_NOT_FOUND" : "INVALID_MESSAGE");
  }
  const accepted: AcceptedSubmission = {
    formId: form.id,
    submission: submission.data,
    acceptedAt: parsed.data.acceptedAt,
  };
  const id = accepted.submission.submission_id;
  const progress: Progress = { priorDoubt: false, looked: false };
  try {
    return await deliver(deps, form, accepted, progress);
  } catch (err) {
    if (err instanceof ActuallyCareError) return await failed(deps, id, attempts, err, progress);
    // D1 or a bug: nothing is known to be wrong with the submission, so it is retried, and the row keeps its
    // OUTCOME_UNKNOWN mark if it got one. Only the error's name is logged: a message may quote the data.
    const retryInSeconds = backoffSeconds(attempts);
    deps.log.warn("submission.attempt_failed", {
      submissionId: id,
      attempts,
      code: errorName(err),
      retryInSeconds,
      outcome: "retry",
    });
    return { ack: false, retryInSeconds };
  }
}

/** What an attempt learnt before it failed: whether an earlier one may have posted, and whether it looked. */
interface Progress {
  priorDoubt: boolean;
  looked: boolean;
}

async function deliver(
  deps: DeliveryDeps,
  form: FormConfig,
  accepted: AcceptedSubmission,
  progress: Progress,
): Promise<Outcome> {
  const id = accepted.submission.submission_id;
  const row = await deps.db
    .prepare("SELECT state, last_error, lookup, posted_at FROM submissions WHERE id = ?")
    .bind(id)
    .first<{ state: string; last_error: string | null; lookup: string | null; posted_at: number | null }>();
  if (row && (row.state === "delivered" || row.state === "duplicate")) return { ack: true, state: row.state };
  progress.priorDoubt = row?.last_error === OUTCOME_UNKNOWN;
  const settling = row?.posted_at ? row.posted_at + (deps.settleMs ?? SETTLE_MS) - deps.now() : 0;
  if (progress.priorDoubt && settling > 0) {
    // A post of this submission went unanswered a moment ago and may still land (another copy of the message
    // got here first, or this one came back early): a search now could miss it and post a second lead.
    return { ack: false, retryInSeconds: Math.ceil(settling / 1000), requeue: true };
  }

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
  let leadId: string | null = null;
  if (progress.priorDoubt) {
    const found = await searchEarlierLead(deps, id, accepted.acceptedAt, row?.lookup ?? null);
    if (found.kind === "incomplete") {
      // More leads came since than one attempt may read: the next attempt goes on from where this one stopped.
      await record(deps, id, "queued", null, OUTCOME_UNKNOWN, true);
      deps.log.info("submission.lookup_continues", { submissionId: id, outcome: "retry" });
      return { ack: false, retryInSeconds: LOOKUP_RETRY_SECONDS, requeue: true };
    }
    if (found.kind === "found") leadId = found.leadId;
    progress.looked = true;
  }
  if (leadId === null) {
    // Marked before posting: if this invocation dies (or D1 fails) between the API's answer and the writes
    // below, the next attempt looks for the lead instead of posting a second one.
    // Claimed in one guarded statement: of two copies of the message racing here (two consumer invocations), one
    // posts; the other finds the claim taken and waits for that post to settle.
    const settleMs = deps.settleMs ?? SETTLE_MS;
    const claim = await deps.db
      .prepare(
        "UPDATE submissions SET last_error = ?, posted_at = ? WHERE id = ? AND (posted_at IS NULL OR posted_at <= ?)",
      )
      .bind(OUTCOME_UNKNOWN, deps.now(), id, deps.now() - settleMs)
      .run();
    if (row && claim.meta.changes === 0)
      return { ack: false, retryInSeconds: Math.ceil(settleMs / 1000), requeue: true };
    leadId = (await deps.leads.create(toLead(form, accepted))).id;
  }
  await deps.db
    .prepare(
      "INSERT OR REPLACE INTO dedupe (form_id, contact_key, lead_id, submission_id, created_at_ms) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(form.id, key, leadId, id, deps.now())
    .run();
  await record(deps, id, "delivered", leadId, null);
  return { ack: true, state: "delivered" };
}

/** Decides what an API failure means for the message, and records it. */
async function failed(
  deps: DeliveryDeps,
  id: string,
  attempts: number,
  err: ActuallyCareError,
  progress: Progress,
): Promise<Outcome> {
  // The API may have written: no answer, a 5xx, or a 2xx whose body we could not read.
  const unknown =
    err.kind === "timeout" ||
    err.kind === "network" ||
    err.kind === "invalid_response" ||
    (err.kind === "http" && (err.status ?? 0) >= 500);
  if (unknown || err.retryable) {
    // A 429 was refused before any write, but an earlier attempt's doubt stays: the next attempt looks again.
    await record(deps, id, "queued", null, unknown || progress.priorDoubt ? OUTCOME_UNKNOWN : err.code, true);
    // Only a request left unanswered may still land; one answered (a 5xx, a 429) or never sent has settled.
    const mayLand = err.kind === "timeout" || err.kind === "network";
    if (!mayLand) await deps.db.prepare("UPDATE submissions SET posted_at = NULL WHERE id = ?").bind(id).run();
    const waiting = err.kind === "rate_limited" || err.kind === "budget_exhausted";
    const retryInSeconds =
      err.kind === "rate_limited"
        ? Math.min(MAX_DELAY_SECONDS, err.delaySeconds(deps.now()))
        : err.kind === "budget_exhausted"
          ? 1
          : mayLand
            ? Math.max(backoffSeconds(attempts), Math.ceil((deps.settleMs ?? SETTLE_MS) / 1000))
            : backoffSeconds(attempts);
    deps.log.warn("submission.attempt_failed", {
      submissionId: id,
      attempts,
      code: err.code,
      retryInSeconds,
      outcome: waiting ? "requeue" : "retry",
    });
    return waiting ? { ack: false, retryInSeconds, requeue: true, holdBatch: true } : { ack: false, retryInSeconds };
  }
  // 400 and friends: retrying cannot help; an operator can fix the config and redeliver. The doubt is settled
  // only if this attempt looked (and found nothing) before its post was refused.
  deps.log.warn("submission.refused", { submissionId: id, code: err.code, outcome: "dead" });
  await record(deps, id, "dead", null, progress.priorDoubt && !progress.looked ? OUTCOME_UNKNOWN : err.code, true);
  return { ack: true, state: "dead" };
}

/** Acks a message no attempt could deliver; its row (when it names one) goes to the dead letters. */
async function dropMalformed(deps: DeliveryDeps, body: unknown, reason: string): Promise<Outcome> {
  const id = submissionIdOf(body);
  deps.log.warn("submission.malformed", { submissionId: id, reason, outcome: "dead" });
  if (id) {
    await deps.db
      .prepare(
        "UPDATE submissions SET state = 'dead', last_error = ?, attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'queued'",
      )
      .bind(reason, new Date(deps.now()).toISOString(), id)
      .run();
  }
  return { ack: true, state: "dead" };
}

const errorName = (err: unknown) => (err instanceof Error ? err.name : typeof err);

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
