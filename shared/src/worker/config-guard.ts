import type { MiddlewareHandler } from "hono";
import { AppError } from "../app-error";

/**
 * The middleware every worker mounts first: `check` validates the bindings
 * (it should cache per env object), and a bad config answers every request,
 * `/health` included, with `500 CONFIG_INVALID` and `publicMessage`. The
 * reason (which binding, never its value) goes to the Worker's log only.
 */
export function configGuard<B extends object>(
  check: (env: B) => unknown,
  publicMessage: string,
): MiddlewareHandler<{ Bindings: B }> {
  return async (c, next) => {
    try {
      check(c.env);
    } catch (err) {
      throw new AppError(
        500,
        "CONFIG_INVALID",
        publicMessage,
        undefined,
        err instanceof Error ? err.message : String(err),
      );
    }
    await next();
  };
}
