import type { OutgoingEmail } from "../render/build-mime";
import { type EmailProvider, SendError } from "./email-provider";

export interface HttpProviderConfig {
  /** `https://api.resend.com`, or the playground's `http://localhost:8787/__outbox` locally. */
  baseUrl: string;
  apiKey: string;
  fetch?: (request: Request) => Promise<Response>;
  timeoutMs?: number;
}

/** Seconds from a `Retry-After` header (delta seconds or an HTTP date), else the fallback. */
function retryAfter(res: Response, fallback: number, now: number): number {
  const v = res.headers.get("Retry-After");
  if (v && /^\d+$/.test(v.trim())) return Math.max(1, Number(v));
  const at = v ? Date.parse(v) : Number.NaN;
  return Number.isNaN(at) ? fallback : Math.max(1, Math.ceil((at - now) / 1000));
}

/**
 * Resend's `POST /emails` (JSON, `Authorization: Bearer`, `Idempotency-Key`
 * = the occurrence key: a repeat within 24 hours returns the first answer and
 * sends nothing). 429, 5xx, timeouts and network errors may pass later; 4xx
 * refusals are permanent, except 409 for a concurrent request with the same key.
 */
export function httpProvider(config: HttpProviderConfig): EmailProvider {
  const doFetch = config.fetch ?? ((r: Request) => fetch(r));
  return {
    name: "http",
    idempotent: true,
    async send(email: OutgoingEmail, key: string) {
      const request = new Request(`${config.baseUrl.replace(/\/+$/, "")}/emails`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${config.apiKey}`,
          "Content-Type": "application/json",
          "Idempotency-Key": key,
        },
        body: JSON.stringify({
          from: email.from,
          to: [email.to],
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers,
        }),
        signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
      });
      let res: Response;
      try {
        res = await doFetch(request);
      } catch (err) {
        const timeout = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
        throw new SendError(
          false,
          timeout ? "PROVIDER_TIMEOUT" : "PROVIDER_UNREACHABLE",
          "The email API did not answer",
        );
      }
      const body = (await res.json().catch(() => null)) as { id?: unknown; name?: unknown; message?: unknown } | null;
      if (res.ok) {
        if (typeof body?.id === "string" && body.id) return { id: body.id };
        throw new SendError(false, "PROVIDER_BAD_ANSWER", "The email API accepted the email without an id");
      }
      const name = typeof body?.name === "string" ? body.name : `http_${res.status}`;
      const message = typeof body?.message === "string" ? body.message.slice(0, 300) : `HTTP ${res.status}`;
      const code = `PROVIDER_${name.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}`;
      if (res.status === 429) {
        throw new SendError(
          false,
          code,
          message,
          retryAfter(res, name === "daily_quota_exceeded" ? 3600 : 60, Date.now()),
        );
      }
      if (res.status === 409 && name === "concurrent_idempotent_requests") {
        throw new SendError(false, code, message, retryAfter(res, 5, Date.now()));
      }
      if (res.status >= 500) throw new SendError(false, code, message, retryAfter(res, 30, Date.now()));
      throw new SendError(true, code, message);
    },
  };
}
