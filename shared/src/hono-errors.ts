import type { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, errorEnvelope } from "./app-error";

/**
 * Maps every failure of a worker's Hono app to the envelope in one place: an
 * `AppError` keeps its code and status; anything else is a 500 whose detail
 * goes to the log, not to the caller. Unknown routes are 404 NOT_FOUND.
 */
export function installErrorHandling<E extends object>(app: Hono<E>, now: () => number = Date.now): void {
  app.notFound((c) => {
    const { status, body } = errorEnvelope(new AppError(404, "NOT_FOUND", "Endpoint not found"), now());
    return c.json(body, status as ContentfulStatusCode);
  });
  app.onError((err, c) => {
    if (!(err instanceof AppError) || err.internal) {
      const detail = err instanceof AppError ? err.internal : `${err.name}: ${err.message}`;
      console.error(`${c.req.method} ${new URL(c.req.url).pathname} failed: ${detail}`);
    }
    const { status, body } = errorEnvelope(err, now());
    if (err instanceof AppError && err.retryAfterSeconds !== undefined)
      c.header("Retry-After", String(err.retryAfterSeconds));
    return c.json(body, status as ContentfulStatusCode);
  });
}
