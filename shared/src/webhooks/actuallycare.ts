import { AppError } from "../app-error";
import { verifyWebhookSignature } from "../webhook-signature";

/** What {@link verifyActuallyCareWebhook} needs besides the request. */
export interface ActuallyCareVerifyOptions {
  /** The current secret first, then the previous one while a rotation is under way. Empty entries are ignored. */
  secrets: ReadonlyArray<string | undefined>;
  /** Epoch ms from the caller's injected clock. */
  now: number;
  /**
   * How old a signed `body.timestamp` may be. ActuallyCare's last retry comes about 21 minutes after the first
   * attempt with the original timestamp (spec §3.4), so anything under 25 minutes refuses real retries.
   */
  maxAgeMs: number;
  /** How far ahead of our clock a timestamp may be (clock skew); beyond it the event is refused too. */
  maxFutureMs: number;
}

/** A verified event: everything in it was covered by the signature. */
export interface VerifiedEvent {
  /** SHA-256 hex of the raw body: the same for every retry and for every subscription that sent these bytes. */
  id: string;
  name: string;
  /** The signed `body.timestamp`, as sent. */
  timestamp: string;
  timestampMs: number;
  data: unknown;
  /** The whole parsed body (`team_id` and fields we do not know yet included). */
  body: Record<string, unknown>;
}

/** Why a delivery was refused; each has its own stable code and status. */
export type WebhookRefusal =
  | { code: "SIGNATURE_REQUIRED"; status: 401; message: string }
  | { code: "SIGNATURE_INVALID"; status: 401; message: string }
  | { code: "INVALID_JSON"; status: 400; message: string }
  | { code: "INVALID_EVENT"; status: 400; message: string }
  | { code: "EVENT_MISMATCH"; status: 400; message: string }
  | { code: "TIMESTAMP_OUT_OF_RANGE"; status: 401; message: string };

export type VerifyResult = { ok: true; event: VerifiedEvent } | { ok: false; refusal: WebhookRefusal };

/** A worker's public status, code and message for a refusal, where its API promised other ones than ours. */
export interface RefusalAnswer {
  status: number;
  code: string;
  message: string;
}

/**
 * The {@link AppError} a route throws for a refusal: by default the refusal's own status, code and message; a
 * worker whose clients already rely on other codes passes `answers` by refusal code (unlisted codes stay as they are).
 */
export function refusalError(
  refusal: WebhookRefusal,
  answers: Partial<Record<WebhookRefusal["code"], RefusalAnswer>> = {},
): AppError {
  const answer = answers[refusal.code] ?? refusal;
  return new AppError(answer.status, answer.code, answer.message);
}

const refuse = <R extends WebhookRefusal>(refusal: R): VerifyResult => ({ ok: false, refusal });

/** SHA-256 of the bytes as lowercase hex. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Verifies one ActuallyCare webhook delivery (spec §3.3) in the documented
 * order: the `X-Webhook-Signature` over the raw bytes first (constant time,
 * against every given secret, so a rotation never drops events), and only then
 * the body: JSON object, `event` equal to the `X-Webhook-Event` header, and a
 * signed `timestamp` within `[now - maxAgeMs, now + maxFutureMs]`. Nothing of an
 * unsigned body is parsed, so a forged request costs one HMAC per secret.
 */
export async function verifyActuallyCareWebhook(
  raw: Uint8Array,
  headers: Headers,
  options: ActuallyCareVerifyOptions,
): Promise<VerifyResult> {
  const signature = headers.get("X-Webhook-Signature");
  if (!signature) {
    return refuse({ code: "SIGNATURE_REQUIRED", status: 401, message: "X-Webhook-Signature is required" });
  }
  const secrets = options.secrets.filter((s): s is string => typeof s === "string" && s.length > 0);
  // Every secret is tried, whichever matches, so the time taken does not say which one did.
  const matches = await Promise.all(secrets.map((s) => verifyWebhookSignature(s, raw, signature)));
  if (!matches.includes(true)) {
    return refuse({ code: "SIGNATURE_INVALID", status: 401, message: "The signature does not match the body" });
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(raw));
  } catch {
    return refuse({ code: "INVALID_JSON", status: 400, message: "The body is not valid JSON" });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return refuse({ code: "INVALID_EVENT", status: 400, message: "The body must be a JSON object" });
  }
  const record = body as Record<string, unknown>;
  const { event, timestamp } = record;
  if (typeof event !== "string" || event.length === 0 || typeof timestamp !== "string") {
    return refuse({ code: "INVALID_EVENT", status: 400, message: "The body needs an event name and a timestamp" });
  }
  if (event !== headers.get("X-Webhook-Event")) {
    return refuse({ code: "EVENT_MISMATCH", status: 400, message: "body.event differs from X-Webhook-Event" });
  }
  const timestampMs = ISO_WITH_ZONE.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(timestampMs)) {
    return refuse({ code: "INVALID_EVENT", status: 400, message: "body.timestamp is not an ISO-8601 time" });
  }
  if (timestampMs < options.now - options.maxAgeMs || timestampMs > options.now + options.maxFutureMs) {
    return refuse({
      code: "TIMESTAMP_OUT_OF_RANGE",
      status: 401,
      message: "The event's timestamp is outside the accepted window",
    });
  }
  return {
    ok: true,
    event: { id: await sha256Hex(raw), name: event, timestamp, timestampMs, data: record.data, body: record },
  };
}
