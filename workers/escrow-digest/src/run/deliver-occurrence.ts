import { ActuallyCareError } from "@actuallycare/shared/client/errors";
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
  log: (message: string) => void;
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
  const parsed = z.safeParse(digestMessageSchema, body);
  if (!parsed.success) {
    deps.log("escrow-digest: a malformed queue message was dropped");
    return { ack: true };
  }
  const { occurrence, recipient: email } = parsed.data;
  const row = await getSend(deps.db, occurrence);
  if (!row || TERMINAL.has(row.state)) return { ack: true };
  const recipient = deps.config.recipients.find((r) => r.email.toLowerCase() === email.toLowerCase());
  if (!recipient) {
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
      return { ack: true };
    }
    const { digest, email: outgoing } = await composeDigest(deps, recipient, mine.local_date);
    if (digest.nothingDue && recipient.whenNothingDue === "skip") {
      await markFinal(deps.db, occurrence, "skipped", { code: "NOTHING_DUE" }, deps.now(), digest.subject);
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
    return await send(deps, mine, outgoing, JSON.stringify(digest.snapshot));
  } catch (err) {
    return failed(deps, occurrence, token, err, mine.attempts);
  }
}

/** Another invocation owns the occurrence: look again when its lease runs out, in case it died. */
async function heldElsewhere(deps: DeliverDeps, occurrence: string): Promise<QueueOutcome> {
  const row = await getSend(deps.db, occurrence);
  if (!row || TERMINAL.has(row.state)) return { ack: true };
  const wait = Math.ceil((row.lease_until_ms - deps.now()) / 1000) + 1;
  return { ack: false, retryInSeconds: Math.min(MAX_DELAY_SECONDS, Math.max(5, wait)) };
}

/** Takes over a `sending` occurrence: its email is stored, so the same message goes out again (or is not risked). */
async function resend(deps: DeliverDeps, row: SendRow, token: string): Promise<QueueOutcome> {
  if (row.lease_until_ms > deps.now()) return heldElsewhere(deps, row.occurrence);
  if (row.in_flight === 1 && !deps.provider.idempotent) {
    deps.log(`escrow-digest: ${row.occurrence} may or may not have been sent (${deps.provider.name}); not resent`);
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
    return await send(deps, mine, outgoing, mine.snapshot);
  } catch (err) {
    return failed(deps, row.occurrence, token, err, mine.attempts);
  }
}

async function send(
  deps: DeliverDeps,
  row: SendRow,
  outgoing: OutgoingEmail,
  snapshot: string | null,
): Promise<QueueOutcome> {
  const { id } = await deps.provider.send(outgoing, row.occurrence);
  // Sent: from here on nothing may mark the row for a resend. If recording keeps failing, the row stays
  // `sending` and in flight: the next owner resends with the same idempotency key (the provider answers
  // with this send), or, without keys, records OUTCOME_UNKNOWN rather than a second email.
  for (let attempt = 1; ; attempt++) {
    try {
      await markSent(deps.db, row, id, snapshot, deps.now());
      return { ack: true };
    } catch (err) {
      if (attempt >= 3) {
        deps.log(`escrow-digest: ${row.occurrence} was sent but not recorded (${errorName(err)}); retried later`);
        return { ack: false, retryInSeconds: Math.ceil(LEASE_MS / 1000) + 5 };
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
    deps.log(`escrow-digest: ${occurrence} refused by ${deps.provider.name}: ${err.code}`);
    await markFinal(deps.db, occurrence, "failed", { code: err.code, detail: err.message }, now);
    return { ack: true };
  }
  if (err instanceof ActuallyCareError && !err.retryable) {
    deps.log(`escrow-digest: ${occurrence} cannot be built: the API refused (${err.code})`);
    await markFinal(deps.db, occurrence, "failed", { code: err.code, detail: err.message }, now);
    return { ack: true };
  }
  const retryInSeconds =
    err instanceof SendError ? (err.retryAfterSeconds ?? backoffSeconds(attempts)) : retryDelay(err, attempts);
  const code = err instanceof SendError || err instanceof ActuallyCareError ? err.code : "INTERNAL_ERROR";
  // Only the error's name for unknown errors: a message may quote CRM data.
  const detail = err instanceof SendError || err instanceof ActuallyCareError ? err.message : errorName(err);
  deps.log(`escrow-digest: ${occurrence} attempt ${attempts} failed (${code}); retry in ${retryInSeconds} s`);
  await markRetry(deps.db, occurrence, token, { code, detail }, now + retryInSeconds * 1000, now).catch(() => {});
  return { ack: false, retryInSeconds };
}

const errorName = (err: unknown) => (err instanceof Error ? err.name : typeof err);
