import type { MiddlewareHandler } from "hono";
import { AppError } from "../app-error";
import { timingSafeEqual } from "../timing-safe-equal";

/**
 * Guards operator routes with `Authorization: Bearer <token>`, where `token`
 * reads the worker's `OPERATOR_TOKEN` secret from its bindings. The scheme is case-insensitive
 * (RFC 7235) and the token is compared in constant time; anything else is
 * `401 UNAUTHORIZED`.
 */
export function operatorAuth<B extends object>(token: (env: B) => string): MiddlewareHandler<{ Bindings: B }> {
  return async (c, next) => {
    const given = /^Bearer +(\S+) *$/i.exec(c.req.header("Authorization") ?? "")?.[1] ?? "";
    if (!timingSafeEqual(given, token(c.env))) throw new AppError(401, "UNAUTHORIZED", "Operator token required");
    await next();
  };
}
