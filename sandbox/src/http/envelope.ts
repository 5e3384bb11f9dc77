import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { errorId } from "../ids";
import { ApiError } from "./api-error";

/** Any context whose bindings carry the sandbox clock (the envelope's `timestamp` is sandbox time). */
type ClockedEnv = { Bindings: { clock: { iso(): string } } };

/** `{success:true, data, timestamp}` plus optional top-level fields (`meta`, `count`, `message`). */
export function ok<E extends ClockedEnv>(
  c: Context<E>,
  data: unknown,
  status: ContentfulStatusCode = 200,
  topLevel: Record<string, unknown> = {},
): Response {
  return c.json({ success: true, data, ...topLevel, timestamp: c.env.clock.iso() }, status);
}

/** The error envelope (spec §1.4); every failure of the API goes through here. */
export function errorBody(err: ApiError, nowMs: number): Record<string, unknown> {
  const error: Record<string, unknown> = {
    code: err.code,
    message: err.message,
    ...err.extra,
    errorId: errorId(nowMs),
    correlationId: crypto.randomUUID(),
  };
  if (err.details !== undefined) error.details = err.details;
  return { success: false, error, timestamp: new Date(nowMs).toISOString() };
}

export function errorResponse(err: ApiError, nowMs: number, headers: HeadersInit = {}): Response {
  return Response.json(errorBody(err, nowMs), { status: err.status, headers });
}

/** Maps anything thrown to the envelope; unknown errors become a 500 whose detail stays in the log. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new ApiError(500, "INTERNAL_ERROR", "An unexpected error occurred", undefined, {}, detail);
}
