import { type Context, Hono } from "hono";
import type { AppEnv, UserRow } from "../app-env";
import { profileUpdateSchema, registerSchema } from "../auth/account-schemas";
import { hashPassword } from "../auth/crypto";
import { guard, publicRoute } from "../auth/guard";
import { checkLogin } from "../auth/login";
import { updateProfile } from "../auth/profile-update";
import { deviceInfo, liveSessions, openSession, revokeAll, revokeToken, rotateSession } from "../auth/sessions";
import {
  accessTokenLifetime,
  clearRefreshCookie,
  issueAccessToken,
  presentedRefreshToken,
  refreshTokenLifetime,
  setRefreshCookie,
} from "../auth/tokens";
import { profileView, userView } from "../auth/user-view";
import { ApiError } from "../http/api-error";
import { readJsonObject } from "../http/body";
import { ok } from "../http/envelope";
import { validate } from "../http/validate";

const body = (c: Context<AppEnv>) => readJsonObject(c, c.env.config().maxBodyBytes);
const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

/** Authentication (spec §2.3): four public operations, the rest with a JWT that waitlisted users may hold. */
export function authRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const jwt = guard({ auth: "jwt", allowInactive: true });

  r.post("/register", publicRoute, async (c) => {
    const input = validate(registerSchema, await body(c));
    const taken = c.env.sql.one("SELECT id FROM users WHERE email = ? OR username = ?", input.email, input.username);
    if (taken) throw new ApiError(409, "USER_EXISTS", "A user with this email or username already exists");
    const now = c.env.clock.iso();
    const status = c.env.config().signupStatus;
    const phone = input.phone || null;
    const user: UserRow = {
      id: c.env.nextId(),
      email: input.email,
      username: input.username,
      password_hash: await hashPassword(input.password),
      role: input.role,
      status,
      is_active: 1,
      team_id: null,
      first_name: input.firstName,
      last_name: input.lastName,
      phone,
      timezone: "America/Los_Angeles",
      profile: JSON.stringify({
        email_kind: input.emailKind ?? null,
        sms_consent: phone ? (input.smsConsent ?? null) : null,
      }),
      failed_logins: 0,
      locked_until: null,
      last_login: null,
      created_at: now,
      updated_at: now,
    };
    const cols = Object.keys(user);
    c.env.sql.run(
      `INSERT INTO users (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`,
      ...Object.values(user),
    );
    const token = await issueAccessToken(c.env, user, null);
    const redirect = status === "active" ? "/onboarding/welcome" : "/waitlist";
    return ok(c, { user: userView(user), token, status, redirect }, 201);
  });

  r.post("/login", publicRoute, async (c) => {
    const b = await body(c);
    const identifier = nonEmpty(b.email) ? b.email : nonEmpty(b.username) ? b.username : null;
    if (!identifier || !nonEmpty(b.password)) {
      throw new ApiError(400, "MISSING_CREDENTIALS", "Email (or username) and password are required");
    }
    const user = await checkLogin(c.env, identifier, b.password);
    const session = await openSession(c.env, user.id, { ip: c.var.ip, userAgent: c.req.header("user-agent") ?? null });
    const accessToken = await issueAccessToken(c.env, user, session.id);
    setRefreshCookie(c, session.token, session.expiresAt);
    return ok(c, {
      user: userView(user),
      token: accessToken,
      accessToken,
      refreshToken: session.token,
      expiresIn: accessTokenLifetime(c.env),
      tokenType: "Bearer",
    });
  });

  r.post("/refresh", publicRoute, async (c) => {
    const token = presentedRefreshToken(c, await body(c));
    if (!token) throw new ApiError(401, "NO_REFRESH_TOKEN", "No refresh token provided");
    const next = await rotateSession(c.env, token);
    setRefreshCookie(c, next.token, next.row.expires_at);
    return ok(c, {
      accessToken: await issueAccessToken(c.env, next.user, next.row.id),
      expiresIn: accessTokenLifetime(c.env),
      refreshTokenExpiresIn: refreshTokenLifetime(c.env),
      refreshToken: next.token,
    });
  });

  // Always 200 (spec §2.3): a missing, unknown or unreadable token still logs the client out.
  r.post("/logout", publicRoute, async (c) => {
    const b = await body(c).catch(() => ({}));
    const token = presentedRefreshToken(c, b);
    if (token) await revokeToken(c.env, token);
    clearRefreshCookie(c);
    return c.json({ success: true, message: "Logged out successfully", timestamp: c.env.clock.iso() });
  });

  r.get("/verify", jwt, (c) => ok(c, { user: userView(c.var.caller.user) }));
  r.get("/profile", jwt, (c) => ok(c, { user: userView(c.var.caller.user) }));

  r.put("/profile", jwt, async (c) => {
    const input = validate(profileUpdateSchema, await body(c));
    return ok(c, profileView(await updateProfile(c.env, c.var.caller.user, input)));
  });

  r.post("/logout-all", jwt, (c) => {
    const revoked = revokeAll(c.env, c.var.caller.user.id);
    clearRefreshCookie(c);
    return ok(c, { revokedSessions: revoked }, 200, { message: "Logged out from all devices" });
  });

  r.get("/sessions", jwt, (c) => {
    const current = c.var.caller.sessionId;
    const sessions = liveSessions(c.env, c.var.caller.user.id).map((s) => ({
      id: s.id,
      createdAt: new Date(s.created_at).toISOString(),
      expiresAt: new Date(s.expires_at).toISOString(),
      ipAddress: s.ip_address,
      userAgent: s.user_agent,
      deviceInfo: deviceInfo(s.user_agent),
      isCurrent: s.id === current,
    }));
    return ok(c, { sessions });
  });

  return r;
}
