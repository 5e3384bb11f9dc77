/**
 * The one error type of our workers. `code`, `status`, `message` and `details`
 * are public and go in the API-style envelope; `internal` is for logs only and
 * never goes on the wire (it may name upstream failures, never secrets).
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly internal?: string,
    /** For 429 and 503: sent as `Retry-After`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** `ERR_<epoch-ms>_<6 base36>`, the API's error id format (spec §1.4). */
export function newErrorId(nowMs: number): string {
  const n = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return `ERR_${nowMs}_${(n % 36 ** 6).toString(36).padStart(6, "0")}`;
}

/** The ActuallyCare error envelope for an error; unknown errors become a generic 500. */
export function errorEnvelope(err: unknown, nowMs: number): { status: number; body: Record<string, unknown> } {
  const e = err instanceof AppError ? err : new AppError(500, "INTERNAL_ERROR", "An unexpected error occurred");
  const error: Record<string, unknown> = {
    code: e.code,
    message: e.message,
    errorId: newErrorId(nowMs),
    correlationId: crypto.randomUUID(),
  };
  if (e.details !== undefined) error.details = e.details;
  return { status: e.status, body: { success: false, error, timestamp: new Date(nowMs).toISOString() } };
}

/** The success envelope `{success:true, data, timestamp}`. */
export function successEnvelope(data: unknown, nowMs: number): Record<string, unknown> {
  return { success: true, data, timestamp: new Date(nowMs).toISOString() };
}
