import { AppError } from "@actuallycare/shared/app-error";
import type { FormConfig } from "../config/forms";
import { readStartToken } from "./start-token";

/** The hidden field people never see; bots fill it. */
export const HONEYPOT_FIELD = "website";

/**
 * A cross-site post must come from one of the form's origins. Browsers send
 * `Origin` on posts; a post with `Sec-Fetch-Site: cross-site` and no allowed
 * origin is refused too. Same-origin posts (the hosted page) always pass.
 */
export function checkOrigin(form: FormConfig, request: Request): void {
  const origin = request.headers.get("Origin");
  const own = new URL(request.url).origin;
  if (origin && origin !== own && !form.allowedOrigins.includes(origin)) {
    throw new AppError(403, "ORIGIN_NOT_ALLOWED", "This form does not accept submissions from this site");
  }
  if (!origin && request.headers.get("Sec-Fetch-Site") === "cross-site") {
    throw new AppError(403, "ORIGIN_NOT_ALLOWED", "This form does not accept submissions from this site");
  }
}

/**
 * Honeypot and minimum time-to-submit, from the signed `started_at` the form was rendered with. A missing or forged
 * token looks the same as the honeypot to a bot, on purpose (`SPAM_SUSPECTED`); a genuine one from a form left open
 * over a day is `FORM_EXPIRED`. `minSubmitMs: 0` turns the time check, and so the token, off. Returns the verified
 * render time, if any.
 */
export async function checkHuman(
  form: FormConfig,
  values: Record<string, unknown>,
  nowMs: number,
  signingSecret: string,
): Promise<number | null> {
  const honey = values[HONEYPOT_FIELD];
  if (typeof honey === "string" && honey.trim() !== "") throw spamSuspected();
  if (form.minSubmitMs === 0) return null;
  const start = await readStartToken(signingSecret, form.id, values.submission_id, values.started_at, nowMs);
  if (!start.ok && start.reason === "expired") {
    throw new AppError(400, "FORM_EXPIRED", "This form was open for a long time. Please press Send again.");
  }
  if (!start.ok || nowMs - start.startedAtMs < form.minSubmitMs) throw spamSuspected();
  return start.startedAtMs;
}

const spamSuspected = () => new AppError(400, "SPAM_SUSPECTED", "This submission looks automated. Please try again.");

/** Per visitor IP and form, with the Workers Rate Limiting binding. */
export async function checkRate(limiter: RateLimit, form: FormConfig, ip: string): Promise<void> {
  const { success } = await limiter.limit({ key: `${form.id}:${ip}` });
  if (!success) {
    throw new AppError(
      429,
      "RATE_LIMITED",
      "Too many submissions. Please wait a minute and try again.",
      undefined,
      undefined,
      60,
    );
  }
}
