import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv, Caller, Role, Scopes, UserRow } from "../app-env";
import { ApiError } from "../http/api-error";
import { sha256Hex, verifyJwt } from "./crypto";

export interface GuardOptions {
  /** `key-or-jwt` for the five key-capable groups; `jwt` for the JWT-only ones. */
  auth: "key-or-jwt" | "jwt";
  /** The scope resource an API key needs (spec §1.3 mapping). */
  resource?: string;
  /** Roles allowed (webhooks: broker, system_admin). */
  roles?: Role[];
  /** `/auth/*` serves waitlisted users too. */
  allowInactive?: boolean;
}

const unauthorized = (code: string, message: string) => new ApiError(401, code, message);

/**
 * Authentication and authorisation in the documented order (spec §4.2):
 * route (404) → auth (401) → account state (403) → role or scope (403) → rate limit (429).
 */
export function guard(opts: GuardOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    assertRouteExists(c);
    const caller = await authenticate(c.env, opts.auth, {
      key: c.req.header("x-api-key") ?? c.req.header("api-key"),
      authorization: c.req.header("authorization"),
    });
    checkAccount(caller.user, opts.allowInactive ?? false);
    if (opts.roles && !opts.roles.includes(caller.user.role)) {
      throw new ApiError(403, "FORBIDDEN", "Your role does not allow this operation");
    }
    if (opts.resource && caller.scopes) checkScope(caller.scopes, opts.resource, c.req.method);
    enforceRateLimit(c.var.rate);
    c.set("caller", caller);
    await next();
  };
}

/**
 * A group-wide guard also matches paths and methods the group does not serve;
 * those must be 404 before any credential is looked at (spec §4.2). Only
 * `use()` middleware registers method "ALL", so a match with a concrete
 * method means an operation exists.
 */
function assertRouteExists(c: Context<AppEnv>): void {
  if (!matchedRoutes(c).some((r) => r.method !== "ALL")) {
    throw new ApiError(404, "NOT_FOUND", "Endpoint not found");
  }
}

/** For public endpoints: only the rate-limit step. */
export const publicRoute: MiddlewareHandler<AppEnv> = async (c, next) => {
  enforceRateLimit(c.var.rate);
  await next();
};

export function enforceRateLimit(rate: AppEnv["Variables"]["rate"]): void {
  if (rate.blockedFor !== null) {
    throw new ApiError(429, "RATE_LIMIT_EXCEEDED", "Too many requests, please try again later");
  }
}

async function authenticate(
  deps: AppEnv["Bindings"],
  mode: GuardOptions["auth"],
  creds: { key: string | undefined; authorization: string | undefined },
): Promise<Caller> {
  if (mode === "key-or-jwt" && creds.key !== undefined) return authenticateKey(deps, creds.key);
  const bearer = /^Bearer\s+(.+)$/i.exec(creds.authorization ?? "")?.[1]?.trim();
  if (!bearer) throw unauthorized("NO_AUTH_TOKEN", "No authentication token provided");
  const check = await verifyJwt(bearer, deps.jwtSecret, Math.floor(deps.clock.now() / 1000));
  if (!check.ok) {
    throw check.reason === "expired"
      ? unauthorized("TOKEN_EXPIRED", "Token has expired")
      : unauthorized("INVALID_TOKEN", "Invalid token");
  }
  const user = deps.sql.one<UserRow>("SELECT * FROM users WHERE id = ?", String(check.claims.id));
  if (!user) throw unauthorized("USER_NOT_FOUND", "User not found");
  if (!user.is_active) throw unauthorized("ACCOUNT_DISABLED", "Account is disabled");
  const sid = typeof check.claims.sid === "string" ? check.claims.sid : null;
  return { user, via: "jwt", scopes: null, apiKeyId: null, sessionId: sid };
}

async function authenticateKey(deps: AppEnv["Bindings"], key: string): Promise<Caller> {
  const row = deps.sql.one<{
    id: string;
    user_id: string;
    scopes: string;
    is_active: number;
    expires_at: string | null;
  }>("SELECT id, user_id, scopes, is_active, expires_at FROM api_keys WHERE key_hash = ?", await sha256Hex(key.trim()));
  if (!row) throw unauthorized("INVALID_API_KEY", "Invalid API key");
  const user = deps.sql.one<UserRow>("SELECT * FROM users WHERE id = ?", row.user_id);
  if (!row.is_active || !user?.is_active) {
    throw unauthorized("API_KEY_DEACTIVATED", "API key has been deactivated");
  }
  if (row.expires_at !== null && Date.parse(row.expires_at) <= deps.clock.now()) {
    throw unauthorized("API_KEY_EXPIRED", "API key has expired");
  }
  deps.sql.run("UPDATE api_keys SET last_used_at = ? WHERE id = ?", deps.clock.iso(), row.id);
  return { user, via: "api_key", scopes: JSON.parse(row.scopes) as Scopes, apiKeyId: row.id, sessionId: null };
}

function checkAccount(user: UserRow, allowInactive: boolean): void {
  if (allowInactive) return;
  if (user.status === "waitlisted") {
    throw new ApiError(403, "ACCOUNT_NOT_ACTIVE", "Your account is not active yet (waitlisted)");
  }
  if (user.status === "suspended") throw new ApiError(403, "ACCOUNT_SUSPENDED", "Your account is suspended");
}

/** `GET` → read; `POST`/`PUT`/`PATCH` → write; `DELETE` → delete (spec §1.3). */
export function requiredAction(method: string): "read" | "write" | "delete" {
  if (method === "GET" || method === "HEAD") return "read";
  if (method === "DELETE") return "delete";
  return "write";
}

function checkScope(scopes: Scopes, resource: string, method: string): void {
  const action = requiredAction(method);
  // Own members only: a stored scope map is plain JSON, and `constructor` is no grant.
  const actions = (name: string) => (Object.hasOwn(scopes, name) ? (scopes[name] ?? []) : []);
  const granted = actions("all").includes(action) || actions(resource).includes(action);
  if (granted) return;
  const required = `${resource}:${action}`;
  throw new ApiError(
    403,
    "INSUFFICIENT_SCOPE",
    `API key lacks the required scope ${required}`,
    { required_scope: required },
    { required_scope: required },
  );
}
