import type { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, errorEnvelope } from "./app-error";
import { createLogger, type Logger } from "./worker/log";

/**
 * Maps every failure of a worker's Hono app to the envelope in one place: an
 * `AppError` keeps its code and status; anything else is a 500 whose detail
 * goes to the log (one `http.error` line), not to the caller. Unknown routes are 404 NOT_FOUND.
 */
export function installErrorHandling<E extends object>(
  app: Hono<E>,
  now: () => number = Date.now,
  log: Logger = createLogger(null),
): void {
  app.notFound((c) => {
    const { status, body } = errorEnvelope(new AppError(404, "NOT_FOUND", "Endpoint not found"), now());
    return c.json(body, status as ContentfulStatusCode);
  });
  app.onError((err, c) => {
    if (!(err instanceof AppError) || err.internal) {
      const detail = err instanceof AppError ? err.internal : `${err.name}: ${err.message}`;
      log.error("http.error", {
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        requestId: c.req.header("cf-ray"),
        code: err instanceof AppError ? err.code : "INTERNAL",
        outcome: err instanceof AppError && err.status < 500 ? "rejected" : "error",
        detail,
      });
    }
    const { status, body } = errorEnvelope(err, now());
    if (err instanceof AppError && err.retryAfterSeconds !== undefined)
      c.header("Retry-After", String(err.retryAfterSeconds));
    return c.json(body, status as ContentfulStatusCode);
  });
}
