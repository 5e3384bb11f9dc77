import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv, Deps, UserRow } from "../app-env";
import { signJwt } from "./crypto";

export const REFRESH_COOKIE = "refreshToken";
/** The cookie goes only where it is read: refresh and logout. */
const COOKIE_PATH = "/v1/auth";

/** `900` → `"15m"`, `2592000` → `"30d"`: the API's duration labels. */
export function durationLabel(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** An HS256 access token with `{id, email, role, sid?, iat, exp}`, timed by the sandbox clock. */
export async function issueAccessToken(deps: Deps, user: UserRow, sessionId: string | null): Promise<string> {
  const iat = Math.floor(deps.clock.now() / 1000);
  const claims = {
    id: user.id,
    email: user.email,
    role: user.role,
    ...(sessionId ? { sid: sessionId } : {}),
    iat,
    exp: iat + deps.config().accessTokenTtlSeconds,
  };
  return signJwt(claims, deps.jwtSecret);
}

export const accessTokenLifetime = (deps: Deps) => durationLabel(deps.config().accessTokenTtlSeconds);
export const refreshTokenLifetime = (deps: Deps) =>
  durationLabel(Math.round(deps.config().refreshSlidingDays * 86_400));

/** The refresh token of a request: the body's `refreshToken`, else the cookie. */
export function presentedRefreshToken(c: Context<AppEnv>, body: Record<string, unknown>): string | null {
  const fromBody = typeof body.refreshToken === "string" ? body.refreshToken.trim() : "";
  return fromBody || getCookie(c, REFRESH_COOKIE)?.trim() || null;
}

export function setRefreshCookie(c: Context<AppEnv>, token: string, expiresAt: number): void {
  setCookie(c, REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: new URL(c.req.url).protocol === "https:",
    path: COOKIE_PATH,
    maxAge: Math.max(0, Math.floor((expiresAt - c.env.clock.now()) / 1000)),
  });
}

export function clearRefreshCookie(c: Context<AppEnv>): void {
  deleteCookie(c, REFRESH_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: "Strict" });
}
