import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import type { Scope } from "../config/tokens";
import { authenticate, requireScope } from "./bearer";

/** Requires a bridge token with `scope`; the token is then `c.var.token`. */
export const tokenAuth = (scope: Scope) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = authenticate(c.req.header("Authorization"), c.var.config.tokens);
    requireScope(token, scope);
    c.set("token", token);
    await next();
  });
