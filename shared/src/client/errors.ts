/** What went wrong, as callers branch on it (never on messages). */
export type ErrorKind =
  /** The API answered with an error envelope (or a non-JSON error status). */
  | "http"
  /** 429, or a shared cool-down marker: try again at `retryAt`. */
  | "rate_limited"
  /** No answer within the per-request timeout or the call's deadline. */
  | "timeout"
  /** The request failed before any answer (DNS, connection refused, reset). */
  | "network"
  /** The answer did not match the documented shape; `field` names the first bad field. */
  | "invalid_response"
  /** The invocation's subrequest budget would be exceeded; nothing was sent. */
  | "budget_exhausted";

export interface ActuallyCareErrorInit {
  kind: ErrorKind;
  message: string;
  status?: number;
  code?: string;
  errorId?: string;
  correlationId?: string;
  details?: unknown;
  retryable?: boolean;
  retryAt?: number;
  field?: string;
  cause?: unknown;
}

/**
 * The one error the client throws. `code` is the API's `error.code` for
 * `http` and `rate_limited` errors, else a client code (`TIMEOUT`,
 * `NETWORK_ERROR`, `INVALID_RESPONSE`, `BUDGET_EXHAUSTED`). For auth failures
 * branch on `status === 401`: the API warns that its codes vary there (§1.2).
 */
export class ActuallyCareError extends Error {
  readonly kind: ErrorKind;
  readonly status: number | undefined;
  readonly code: string;
  readonly errorId: string | undefined;
  readonly correlationId: string | undefined;
  readonly details: unknown;
  /** Whether the same call may succeed later without any change. */
  readonly retryable: boolean;
  /** Epoch ms before which retrying is pointless (rate limits). */
  readonly retryAt: number | undefined;
  /** For `invalid_response`: the path of the first field that failed, e.g. `data.leads.0.id`. */
  readonly field: string | undefined;

  constructor(init: ActuallyCareErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "ActuallyCareError";
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code ?? DEFAULT_CODES[init.kind];
    this.errorId = init.errorId;
    this.correlationId = init.correlationId;
    this.details = init.details;
    this.retryable = init.retryable ?? DEFAULT_RETRYABLE[init.kind];
    this.retryAt = init.retryAt;
    this.field = init.field;
  }

  /** Seconds from `nowMs` until `retryAt` (at least 1), for `message.retry({ delaySeconds })`. */
  delaySeconds(nowMs: number): number {
    return Math.max(1, Math.ceil(((this.retryAt ?? nowMs) - nowMs) / 1000));
  }
}

const DEFAULT_CODES: Record<ErrorKind, string> = {
  http: "HTTP_ERROR",
  rate_limited: "RATE_LIMIT_EXCEEDED",
  timeout: "TIMEOUT",
  network: "NETWORK_ERROR",
  invalid_response: "INVALID_RESPONSE",
  budget_exhausted: "BUDGET_EXHAUSTED",
};

const DEFAULT_RETRYABLE: Record<ErrorKind, boolean> = {
  http: false,
  rate_limited: true,
  timeout: true,
  network: true,
  invalid_response: false,
  budget_exhausted: true,
};

/** Retrying does not help 400, 401, 403, 404, 409, 423 (spec §1.6); 5xx may pass later. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export function isActuallyCareError(e: unknown): e is ActuallyCareError {
  return e instanceof ActuallyCareError;
}
