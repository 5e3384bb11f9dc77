import { AppError } from "@actuallycare/shared/app-error";
import type { MiddlewareHandler } from "hono";

/**
 * Mounted first: a bad configuration answers every request (health included)
 * with `500 CONFIG_INVALID`; the detail (which binding, never its value) goes
 * to the log only. A candidate for `shared/src/worker/config-guard.ts`.
 */
export function configGuard<E extends { Bindings: object }>(
  check: (env: E["Bindings"]) => unknown,
  what: string,
): MiddlewareHandler<E> {
  return async (c, next) => {
    try {
      check(c.env);
    } catch (err) {
      throw new AppError(
        500,
        "CONFIG_INVALID",
        `This ${what} is misconfigured. Its operator can see why in the Worker's logs.`,
        undefined,
        err instanceof Error ? err.message : String(err),
      );
    }
    await next();
  };
}
