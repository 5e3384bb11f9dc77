import { AppError } from "@actuallycare/shared/app-error";
import type { FormConfig } from "../config/forms";

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

/** Honeypot and minimum time-to-submit; both look the same to a bot on purpose. */
export function checkHuman(form: FormConfig, values: Record<string, unknown>, nowMs: number): void {
  const honey = values[HONEYPOT_FIELD];
  const startedAt = Number(values.started_at);
  const tooFast = Number.isFinite(startedAt) && startedAt > 0 && nowMs - startedAt < form.minSubmitMs;
  if ((typeof honey === "string" && honey.trim() !== "") || tooFast) {
    throw new AppError(400, "SPAM_SUSPECTED", "This submission looks automated. Please try again.");
  }
}

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
