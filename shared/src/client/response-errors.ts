import { errorEnvelopeSchema } from "./envelope";
import { ActuallyCareError, isRetryableStatus } from "./errors";

/** The typed error for a non-2xx answer, from its envelope when it has one. */
export async function errorFromResponse(response: Response, what: string, nowMs: number): Promise<ActuallyCareError> {
  const text = await response.text().catch(() => "");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const envelope = errorEnvelopeSchema.safeParse(parsed);
  const status = response.status;
  if (!envelope.success) {
    return new ActuallyCareError({
      kind: "http",
      status,
      code: `HTTP_${status}`,
      message: `${what}: HTTP ${status} without an error envelope`,
      retryable: isRetryableStatus(status),
    });
  }
  const e = envelope.data.error;
  return new ActuallyCareError({
    kind: "http",
    status,
    code: e.code,
    message: e.message ?? `${what}: ${e.code}`,
    errorId: e.errorId,
    correlationId: e.correlationId,
    details: e.details,
    retryable: isRetryableStatus(status),
    ...(status === 429 ? { retryAt: nowMs } : {}),
  });
}

/**
 * The typed error for a request that got no answer. `notSent` is true only
 * when the connection provably never reached the API (refused, or the name
 * did not resolve): the one case where even a POST may be retried.
 */
export function networkError(err: unknown, what: string): { error: ActuallyCareError; notSent: boolean } {
  const name = err instanceof Error ? err.name : "";
  const message = err instanceof Error ? err.message : String(err);
  if (name === "TimeoutError" || name === "AbortError") {
    return {
      error: new ActuallyCareError({ kind: "timeout", message: `${what}: no answer in time`, cause: err }),
      notSent: false,
    };
  }
  const notSent = /ECONNREFUSED|connection refused|failed to lookup|ENOTFOUND|getaddrinfo/i.test(message);
  return {
    error: new ActuallyCareError({ kind: "network", message: `${what}: ${message || "network error"}`, cause: err }),
    notSent,
  };
}
