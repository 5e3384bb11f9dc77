import { AppError } from "@actuallycare/shared/app-error";
import { ActuallyCareError } from "@actuallycare/shared/client/errors";

/**
 * Maps a client failure to the bridge's answer, keeping the API's error code and field details for what the caller
 * sent (400, 404, 409, 422...), so a Zap shows exactly what the API refused. Failures of the bridge's own credentials
 * are the operator's to fix, not the caller's: they become 502 UPSTREAM_AUTH without the API's detail. Rate limits
 * and outages are 503 with Retry-After.
 */
export function apiFailure(err: unknown, nowMs: number = Date.now()): never {
  if (!(err instanceof ActuallyCareError)) throw err;
  const internal = `${err.kind} ${err.status ?? "-"} ${err.code}`;
  if (err.kind === "rate_limited" || err.kind === "budget_exhausted") {
    // retryAt is on the client's clock, which is the worker's (the sandbox's in development).
    const retry = err.retryAt ? err.delaySeconds(nowMs) : 30;
    throw new AppError(
      503,
      "RATE_LIMITED",
      "ActuallyCare is rate-limiting the bridge; try again later",
      undefined,
      internal,
      retry,
    );
  }
  if (err.kind !== "http") {
    throw new AppError(
      503,
      "UPSTREAM_UNAVAILABLE",
      "ActuallyCare did not answer; try again later",
      undefined,
      internal,
      30,
    );
  }
  const status = err.status ?? 502;
  if (status === 401 || status === 403) {
    // INSUFFICIENT_SCOPE and FORBIDDEN name what the bridge's key may not do: useful to the caller and not secret.
    if (status === 403 && (err.code === "INSUFFICIENT_SCOPE" || err.code === "FORBIDDEN")) {
      throw new AppError(403, err.code, err.message, err.details, internal);
    }
    throw new AppError(
      502,
      "UPSTREAM_AUTH",
      "The bridge's ActuallyCare credentials were refused; its operator must fix them",
      undefined,
      internal,
    );
  }
  if (status >= 500) {
    throw new AppError(503, "UPSTREAM_UNAVAILABLE", "ActuallyCare failed; try again later", undefined, internal, 30);
  }
  throw new AppError(status, err.code, err.message, err.details);
}
