import { AppError } from "@actuallycare/shared/app-error";
import { timingSafeEqual } from "@actuallycare/shared/timing-safe-equal";
import type { MiddlewareHandler } from "hono";

/**
 * `Authorization: Bearer <token>` against the operator token (a Worker
 * secret), compared in constant time; the scheme is case-insensitive (RFC
 * 7235). A candidate for `shared/src/worker/operator-auth.ts`.
 */
export function operatorAuth<E extends object>(
  token: (c: Parameters<MiddlewareHandler<E>>[0]) => string,
): MiddlewareHandler<E> {
  return async (c, next) => {
    const given = /^Bearer +(\S+) *$/i.exec(c.req.header("Authorization") ?? "")?.[1] ?? "";
    if (!timingSafeEqual(given, token(c))) throw new AppError(401, "UNAUTHORIZED", "Operator token required");
    await next();
  };
}
