import { AppError } from "@actuallycare/shared/app-error";
import * as z from "@actuallycare/shared/zod";
import type { FormConfig } from "../config/forms";

/** Cloudflare's server-side validation endpoint. */
export const SITEVERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";
export const TOKEN_FIELD = "cf-turnstile-response";

const siteverifySchema = z.object({
  success: z.boolean(),
  "error-codes": z._default(z.array(z.string()), []),
  hostname: z.optional(z.string()),
  action: z.optional(z.string()),
});

export interface TurnstileDeps {
  secret: string;
  fetch: typeof fetch;
}

/**
 * Verifies a form's Turnstile token with siteverify, failing closed: no
 * token, a refused token, a token made for another form or another site, or
 * siteverify being unreachable all refuse the submission. Tokens are single
 * use (siteverify refuses a second verification); the submission id is sent
 * as the idempotency key so that a retry of the same submission (a double
 * click) verifies the same token again rather than failing.
 */
export async function checkTurnstile(
  deps: TurnstileDeps,
  form: FormConfig,
  values: Record<string, unknown>,
  visitor: { ip: string | null; ownHostname: string },
): Promise<void> {
  const { ip } = visitor;
  if (!form.turnstileSiteKey) return;
  const token = values[TOKEN_FIELD];
  if (typeof token !== "string" || token === "" || token.length > 2048) {
    throw new AppError(400, "CAPTCHA_REQUIRED", "Please complete the verification challenge");
  }
  const body = new FormData();
  body.set("secret", deps.secret);
  body.set("response", token);
  if (ip) body.set("remoteip", ip);
  if (typeof values.submission_id === "string" && values.submission_id !== "") {
    body.set("idempotency_key", values.submission_id.toLowerCase());
  }
  let result: z.infer<typeof siteverifySchema>;
  try {
    const res = await deps.fetch(SITEVERIFY_URL, { method: "POST", body, signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`siteverify answered ${res.status}`);
    result = siteverifySchema.parse(await res.json());
  } catch (err) {
    throw new AppError(
      503,
      "CAPTCHA_UNAVAILABLE",
      "We could not check the verification challenge just now. Please try again.",
      undefined,
      `siteverify failed: ${err instanceof Error ? err.message : String(err)}`,
      10,
    );
  }
  // The widget runs on the form's sites, or on this worker's hosted page.
  const hosts = [visitor.ownHostname, ...form.allowedOrigins.map((o) => new URL(o).hostname)];
  const wrongPlace =
    (result.action !== undefined && result.action !== form.id) ||
    (result.hostname !== undefined && !hosts.includes(result.hostname));
  if (!result.success || wrongPlace) {
    throw new AppError(
      403,
      "CAPTCHA_FAILED",
      "The verification challenge was not passed. Please try again.",
      undefined,
      `siteverify: ${result.success ? "wrong action or hostname" : result["error-codes"].join(",")}`,
    );
  }
}
