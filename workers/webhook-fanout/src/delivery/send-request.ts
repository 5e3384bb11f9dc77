import { retryAfterSeconds } from "@actuallycare/shared/worker/queue-outcome";

/** How one request to a destination ended, as the log records it. */
export interface SendResult {
  outcome: "delivered" | "failed" | "rate_limited" | "gone";
  status: number;
  errorClass: "network" | "timeout" | "http_5xx" | "http_4xx" | "redirect" | "rate_limited" | "gone" | null;
  /** Worth trying again: network errors, timeouts, 408, 5xx and 429. */
  retryable: boolean;
  /** What the destination asked us to wait, in seconds, if anything. */
  retryAfterSeconds: number | null;
  durationMs: number;
  /** The start of the answer (or the error's name), for the log: never the request. */
  snippet: string;
}

const SNIPPET = 200;

/**
 * POSTs one formatted message. Redirects are not followed (a 3xx is a
 * failure: a webhook URL that moved is a config problem), the request has a
 * deadline, and nothing thrown escapes: every way it can end is a result.
 */
export async function sendRequest(
  url: string,
  request: { headers: Record<string, string>; body: string },
  timeoutMs: number,
  now: () => number,
  send: typeof fetch = fetch,
): Promise<SendResult> {
  const started = now();
  const result = (r: Omit<SendResult, "durationMs">): SendResult => ({
    ...r,
    durationMs: Math.max(0, now() - started),
  });
  let response: Response;
  try {
    response = await send(url, {
      method: "POST",
      headers: { "User-Agent": "ActuallyCare-Webhook-Fanout/1.0", ...request.headers },
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const timeout = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    return result({
      outcome: "failed",
      status: 0,
      errorClass: timeout ? "timeout" : "network",
      retryable: true,
      retryAfterSeconds: null,
      snippet: err instanceof Error ? err.name : "Error",
    });
  }
  const text = await response.text().catch(() => "");
  const snippet = text.slice(0, SNIPPET);
  const status = response.status;
  const base = { status, snippet, retryAfterSeconds: retryAfterSeconds(response.headers, now(), text.slice(0, 2000)) };
  if (status >= 200 && status < 300)
    return result({ ...base, outcome: "delivered", errorClass: null, retryable: false });
  if (status === 410) return result({ ...base, outcome: "gone", errorClass: "gone", retryable: false });
  if (status === 429) return result({ ...base, outcome: "rate_limited", errorClass: "rate_limited", retryable: true });
  if (status >= 300 && status < 400)
    return result({ ...base, outcome: "failed", errorClass: "redirect", retryable: false });
  if (status >= 500 || status === 408)
    return result({ ...base, outcome: "failed", errorClass: "http_5xx", retryable: true });
  return result({ ...base, outcome: "failed", errorClass: "http_4xx", retryable: false });
}
