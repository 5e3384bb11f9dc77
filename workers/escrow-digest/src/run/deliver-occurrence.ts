import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import { elapsed, type LogFields, type Logger, withFields } from "@actuallycare/shared/worker/log";
import * as z from "@actuallycare/shared/zod";
import type { Config } from "../config/env";
import { isUnsubscribed } from "../ledger/recipient-store";
import {
  claim,
  claimSending,
  getSend,
  LEASE_MS,
  markFinal,
  markRetry,
  markSending,
  markSent,
  type SendRow,
  TERMINAL,
} from "../ledger/sends-ledger";
import { backoffSeconds, MAX_DELAY_SECONDS, type QueueOutcome, retryDelay } from "../operator/queue-outcome";
import type { OutgoingEmail } from "../render/build-mime";
import { type EmailProvider, SendError } from "../send/email-provider";
import { composeDigest } from "./compose-digest";
import { digestMessageSchema } from "./digest-message";
import type { EscrowSource } from "./escrow-source";

export interface DeliverDeps {
  db: D1Database;
  config: Config;
  source: EscrowSource;
  provider: EmailProvider;
  now: () => number;
  /** Lines name the occurrence (a hash), never the recipient. */
  log: Logger;
}

/** `OUTCOME_UNKNOWN`: a provider without idempotency keys was mid-call when its invocation died. */
export const OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN";

/**
 * Delivers one occurrence at most once: claims it in the ledger (compare and
 * set), builds and renders the digest, stores the rendered email, sends it,
 * records the send. After a crash, a claim whose lease ran out is taken over:
 * before the send it is simply redone; during the send the stored email is
 * sent again with the same idempotency key (the provider answers with the
 * first send), or, for a provider without keys, recorded as OUTCOME_UNKNOWN.
 */
export async function deliverOccurrence(deps: DeliverDeps, body: unknown): Promise<QueueOutcome> {
  const started = Date.now();
  const parsed = z.safeParse(digestMessageSchema, body);
  if (!parsed.success) {
    // Only where the problem is: the body itself may hold an address.
    const field = parsed.error.issues[0]?.path.join(".") || "body";
    deps.log.warn("digest.malformed_message", { field, outcome: "dropped", durationMs: elapsed(started) });
    return { ack: true };
  }
  const { occurrence, recipient: email } = parsed.data;
  deps = { ...deps, log: timed(withFields(deps.log, { occurrence }), started) };
  const row = await getSend(deps.db, occurrence);
  if (!row || TERMINAL.has(row.state)) {
    deps.log.info("digest.already_final", { state: row?.state ?? "unknown", outcome: "ok" });
    return { ack: true };
  }
  const recipient = deps.config.recipients.find((r) => r.email.toLowerCase() === email.toLowerCase());
  if (!recipient) {
    deps.log.warn("digest.refused", { code: "RECIPIENT_REMOVED", outcome: "failed" });
    await markFinal(deps.db, occurrence, "failed", { code: "RECIPIENT_REMOVED" }, deps.now());
    return { ack: true };
  }
  const token = crypto.randomUUID();
  if (row.state === "sending") return resend(deps, row, token);
  const mine = await claim(deps.db, occurrence, token, deps.now());
  if (!mine) return heldElsewhere(deps, occurrence);
  try {
    if (await isUnsubscribed(deps.db, email)) {
      await markFinal(deps.db, occurrence, "skipped", { code: "UNSUBSCRIBED" }, deps.now());
      deps.log.info("digest.skipped", { reason: "UNSUBSCRIBED", outcome: "skipped" });
      return { ack: true };
    }
    const { digest, email: outgoing } = await composeDigest(deps, recipient, mine.local_date);
    if (digest.nothingDue && recipient.whenNothingDue === "skip") {
      await markFinal(deps.db, occurrence, "skipped", { code: "NOTHING_DUE" }, deps.now(), digest.subject);
      deps.log.info("digest.skipped", { reason: "NOTHING_DUE", outcome: "skipped" });
      return { ack: true };
    }
    const stored = await markSending(
      deps.db,
      occurrence,
      token,
      {
        provider: deps.provider.name,
        subject: outgoing.subject,
        payload: JSON.stringify(outgoing),
        snapshot: JSON.stringify(digest.snapshot),
      },
      deps.now(),
    );
    if (!stored) return heldElsewhere(deps, occurrence);
    return await send(deps, mine, outgoing, JSON.stringify(digest.snapshot), false);
  } catch (err) {
    return failed(deps, occurrence, token, err, mine.attempts);
  }
}

/** Another invocation owns the occurrence: look again when its lease runs out, in case it died. */
async function heldElsewhere(deps: DeliverDeps, occurrence: string): Promise<QueueOutcome> {
  const row = await getSend(deps.db, occurrence);
  if (!row || TERMINAL.has(row.state)) return { ack: true };
  const wait = Math.ceil((row.lease_until_ms - deps.now()) / 1000) + 1;
  const retryInSeconds = Math.min(MAX_DELAY_SECONDS, Math.max(5, wait));
  deps.log.info("digest.held_elsewhere", { state: row.state, retryInSeconds, outcome: "retry" });
  return { ack: false, retryInSeconds };
}

/** Takes over a `sending` occurrence: its email is stored, so the same message goes out again (or is not risked). */
async function resend(deps: DeliverDeps, row: SendRow, token: string): Promise<QueueOutcome> {
  if (row.lease_until_ms > deps.now()) return heldElsewhere(deps, row.occurrence);
  if (row.in_flight === 1 && !deps.provider.idempotent) {
    deps.log.warn("digest.unknown_outcome", { provider: deps.provider.name, code: OUTCOME_UNKNOWN, outcome: "failed" });
    await markFinal(deps.db, row.occurrence, "failed", { code: OUTCOME_UNKNOWN }, deps.now());
    return { ack: true };
  }
  const mine = await claimSending(deps.db, row.occurrence, token, deps.now());
  if (!mine?.payload) return heldElsewhere(deps, row.occurrence);
  try {
    const outgoing = JSON.parse(mine.payload) as OutgoingEmail;
    const stored = await markSending(
      deps.db,
      row.occurrence,
      token,
      { provider: deps.provider.name, subject: null, payload: mine.payload, snapshot: null },
      deps.now(),
    );
    if (!stored) return heldElsewhere(deps, row.occurrence);
    return await send(deps, mine, outgoing, mine.snapshot, true);
  } catch (err) {
    return failed(deps, row.occurrence, token, err, mine.attempts);
  }
}

async function send(
  deps: DeliverDeps,
  row: SendRow,
  outgoing: OutgoingEmail,
  snapshot: string | null,
  resent: boolean,
): Promise<QueueOutcome> {
  const { id } = await deps.provider.send(outgoing, row.occurrence);
  // Sent: from here on nothing may mark the row for a resend. If recording keeps failing, the row stays
  // `sending` and in flight: the next owner resends with the same idempotency key (the provider answers
  // with this send), or, without keys, records OUTCOME_UNKNOWN rather than a second email.
  for (let attempt = 1; ; attempt++) {
    try {
      await markSent(deps.db, row, id, snapshot, deps.now());
      deps.log.info("digest.sent", {
        provider: deps.provider.name,
        providerMessageId: id,
        attempts: row.attempts,
        resent,
        outcome: "ok",
      });
      return { ack: true };
    } catch (err) {
      if (attempt >= 3) {
        const retryInSeconds = Math.ceil(LEASE_MS / 1000) + 5;
        deps.log.error("digest.sent_unrecorded", { error: errorName(err), retryInSeconds, outcome: "retry" });
        return { ack: false, retryInSeconds };
      }
    }
  }
}

/** Classifies a failure: permanent ones are recorded for the operator; others are retried with a delay. */
async function failed(
  deps: DeliverDeps,
  occurrence: string,
  token: string,
  err: unknown,
  attempts: number,
): Promise<QueueOutcome> {
  const now = deps.now();
  if (err instanceof SendError && err.permanent) {
    deps.log.warn("digest.refused", { by: deps.provider.name, code: err.code, outcome: "failed" });
    await markFinal(deps.db, occurrence, "failed", { code: err.code, detail: err.message }, now);
    return { ack: true };
  }
  if (err instanceof ActuallyCareError && !err.retryable) {
    deps.log.warn("digest.refused", { by: "api", code: err.code, outcome: "failed" });
    await markFinal(deps.db, occurrence, "failed", { code: err.code, detail: err.message }, now);
    return { ack: true };
  }
  const retryInSeconds =
    err instanceof SendError ? (err.retryAfterSeconds ?? backoffSeconds(attempts)) : retryDelay(err, attempts);
  const code = err instanceof SendError || err instanceof ActuallyCareError ? err.code : "INTERNAL_ERROR";
  // Only the error's name for unknown errors: a message may quote CRM data.
  const detail = err instanceof SendError || err instanceof ActuallyCareError ? err.message : errorName(err);
  deps.log.warn("digest.retry", { code, attempts, retryInSeconds, outcome: "retry" });
  await markRetry(deps.db, occurrence, token, { code, detail }, now + retryInSeconds * 1000, now).catch(() => {});
  return { ack: false, retryInSeconds };
}

const errorName = (err: unknown) => (err instanceof Error ? err.name : typeof err);

/** The same logger with the time since `started` on every line. */
function timed(log: Logger, started: number): Logger {
  const at = (fields?: LogFields): LogFields => ({ ...fields, durationMs: elapsed(started) });
  return {
    info: (event, fields) => log.info(event, at(fields)),
    warn: (event, fields) => log.warn(event, at(fields)),
    error: (event, fields) => log.error(event, at(fields)),
  };
}
