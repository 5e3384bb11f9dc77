import { AppError } from "@actuallycare/shared/app-error";
import {
  type RefusalAnswer,
  refusalError,
  verifyActuallyCareWebhook,
  type WebhookRefusal,
} from "@actuallycare/shared/webhooks/actuallycare";
import { readCappedBody } from "@actuallycare/shared/worker/read-capped-body";
import * as z from "@actuallycare/shared/zod";

/** The API's bodies are small; anything larger is not one of its webhooks. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;
/** Retries reuse the first attempt's timestamp, the last about 21 minutes later (spec §3.3, §3.4). */
export const MAX_AGE_MS = 30 * 60_000;
/** Clocks disagree a little; a timestamp further ahead than this is not believed. */
export const MAX_AHEAD_MS = 5 * 60_000;

export interface VerifiedWebhook {
  event: string;
  timestampMs: number;
  data: Record<string, unknown>;
  teamId: string | null;
  /** SHA-256 hex of the signed bytes: identical retries share it. */
  bodyHash: string;
}

const invalidSignature = { status: 401, code: "INVALID_SIGNATURE", message: "The webhook signature does not match" };
const notAnEvent = { status: 400, code: "INVALID_PAYLOAD", message: "The webhook body is not an ActuallyCare event" };

/** The codes the bridge has always answered (its README lists them), for the shared refusals. */
const BRIDGE_ANSWERS: Record<WebhookRefusal["code"], RefusalAnswer> = {
  SIGNATURE_REQUIRED: invalidSignature,
  SIGNATURE_INVALID: invalidSignature,
  INVALID_JSON: { status: 400, code: "INVALID_PAYLOAD", message: "The webhook body is not JSON" },
  INVALID_EVENT: notAnEvent,
  EVENT_MISMATCH: { status: 400, code: "EVENT_MISMATCH", message: "X-Webhook-Event does not match the signed body" },
  TIMESTAMP_OUT_OF_RANGE: {
    status: 400,
    code: "STALE_WEBHOOK",
    message: "The webhook's signed timestamp is not recent",
  },
};

// What the bridge needs beyond the shared checks: an object `data` (the record it logs) and the team, if sent.
const bodySchema = z.looseObject({
  data: z.record(z.string(), z.unknown()),
  team_id: z.optional(z.nullable(z.string())),
});

/**
 * Verifies an ActuallyCare webhook with the shared module (signature over the raw bytes with the current or previous
 * secret, then event/header match and freshness of the signed timestamp by the worker's clock), under the bridge's
 * size cap and window, answering with the bridge's own error codes.
 */
export async function verifyWebhook(
  request: Request,
  secrets: readonly string[],
  nowMs: number,
): Promise<VerifiedWebhook> {
  const bytes = await readCappedBody(request, MAX_WEBHOOK_BYTES, "A webhook body is at most 256 KB");
  const verified = await verifyActuallyCareWebhook(bytes, request.headers, {
    secrets,
    now: nowMs,
    maxAgeMs: MAX_AGE_MS,
    maxFutureMs: MAX_AHEAD_MS,
  });
  if (!verified.ok) throw refusalError(verified.refusal, BRIDGE_ANSWERS);
  const parsed = z.safeParse(bodySchema, verified.event.body);
  if (!parsed.success) throw new AppError(notAnEvent.status, notAnEvent.code, notAnEvent.message);
  const { event } = verified;
  return {
    event: event.name,
    timestampMs: event.timestampMs,
    data: parsed.data.data,
    teamId: parsed.data.team_id ?? null,
    bodyHash: event.id,
  };
}
