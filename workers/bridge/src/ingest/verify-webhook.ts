import { AppError } from "@actuallycare/shared/app-error";
import { verifyWebhookSignature } from "@actuallycare/shared/webhook-signature";
import { readCappedBody } from "@actuallycare/shared/worker/read-capped-body";
import * as z from "@actuallycare/shared/zod";

// MERGE NOTE: webhook-fanout's shared/src/webhooks/actuallycare.ts does the same (two secrets, freshness, event id);
// at merge this module becomes a call to it, keeping the bridge's limits and its `bodyHash` as the event id.

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

const bodySchema = z.looseObject({
  event: z.string().check(z.minLength(1)),
  timestamp: z.string(),
  data: z.record(z.string(), z.unknown()),
  team_id: z.optional(z.nullable(z.string())),
});

/**
 * Verifies an ActuallyCare webhook as spec §3.3 says: the signature over the raw bytes first (with the current
 * secret, or the previous one during a rotation), then the body: its event equals the header's, and its signed
 * timestamp is fresh by the worker's clock.
 */
export async function verifyWebhook(
  request: Request,
  secrets: readonly string[],
  nowMs: number,
): Promise<VerifiedWebhook> {
  const bytes = await readCappedBody(request, MAX_WEBHOOK_BYTES, "A webhook body is at most 256 KB");
  const header = request.headers.get("X-Webhook-Signature");
  let valid = false;
  for (const secret of secrets) if (await verifyWebhookSignature(secret, bytes, header)) valid = true;
  if (!valid) throw new AppError(401, "INVALID_SIGNATURE", "The webhook signature does not match");

  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AppError(400, "INVALID_PAYLOAD", "The webhook body is not JSON");
  }
  const parsed = z.safeParse(bodySchema, raw);
  if (!parsed.success) throw new AppError(400, "INVALID_PAYLOAD", "The webhook body is not an ActuallyCare event");
  const { event, timestamp, data, team_id } = parsed.data;
  if (request.headers.get("X-Webhook-Event") !== event) {
    throw new AppError(400, "EVENT_MISMATCH", "X-Webhook-Event does not match the signed body");
  }
  const timestampMs = Date.parse(timestamp);
  if (Number.isNaN(timestampMs) || timestampMs < nowMs - MAX_AGE_MS || timestampMs > nowMs + MAX_AHEAD_MS) {
    throw new AppError(400, "STALE_WEBHOOK", "The webhook's signed timestamp is not recent");
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const bodyHash = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
  return { event, timestampMs, data, teamId: team_id ?? null, bodyHash };
}
