/** One field problem, as the API reports it in `error.details`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The one error type of the sandbox. `code`, `status`, `message` and `details`
 * go on the wire; `internal` is for logs only and never leaves the process.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly extra: Record<string, unknown> = {},
    readonly internal?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const validationError = (details: FieldProblem[]) =>
  new ApiError(400, "VALIDATION_ERROR", "Invalid request data", details);

export const notFound = (what = "Resource") => new ApiError(404, "NOT_FOUND", `${what} not found`);

export const forbidden = (message = "You do not have access to this resource") =>
  new ApiError(403, "FORBIDDEN", message);

export const noUpdates = () => new ApiError(400, "NO_UPDATES", "No valid fields to update");
