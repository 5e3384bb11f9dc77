import { beforeEach, describe, expect, it } from "vitest";
import {
  type ApiResult,
  type CallOptions,
  call,
  expectError,
  login,
  PASSWORD,
  resetSandbox,
  USERS,
} from "../support/sandbox-client";

/** Spec §2.3: the nine Authentication operations, their shapes, lockout, rotation, expiry and sessions. */

const IP = "10.51.0.1";
const OTHER_IP = "10.51.0.2";
const MINUTE = 60_000;
const DAY = 86_400_000;
/**
 * Every test runs on a frozen clock, 10 s after the fixture "now" (Appendix A) so that it is later than anything
 * seeded at reset (the clock ticks from the fixture now while seeding), and every timestamp below is exact.
 */
const NOW = "2026-07-01T16:00:10.000Z";
const CHROME_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

const USER_KEYS = [
  "createdAt",
  "email",
  "firstName",
  "id",
  "isActive",
  "lastLogin",
  "lastName",
  "role",
  "status",
  "timezone",
  "updatedAt",
  "username",
];

const api = (path: string, opts: CallOptions = {}) => call(path, { ip: IP, ...opts });
const post = (path: string, body: unknown, opts: CallOptions = {}) => api(path, { method: "POST", body, ...opts });
const loginAs = (email: string, password = PASSWORD, opts: CallOptions = {}) =>
  post("/v1/auth/login", { email, password }, opts);
const refresh = (refreshToken: string) => post("/v1/auth/refresh", { refreshToken });
const putProfile = (token: string, body: unknown) => api("/v1/auth/profile", { method: "PUT", token, body });

async function advance(ms: number): Promise<void> {
  expect((await call("/__sandbox/clock", { method: "POST", body: { advanceMs: ms } })).status).toBe(200);
}

async function configure(override: unknown): Promise<void> {
  expect((await call("/__sandbox/config", { method: "POST", body: override })).status).toBe(200);
}

/** The distinct fields named in a VALIDATION_ERROR, sorted. */
function fieldsOf(r: ApiResult): string[] {
  const e = expectError(r, 400, "VALIDATION_ERROR");
  expect(e.message).toBe("Invalid request data");
  return [...new Set<string>(e.details.map((d: { field: string }) => d.field))].sort();
}

function messagesFor(r: ApiResult, field: string): string[] {
  return r.body.error.details
    .filter((d: { field: string }) => d.field === field)
    .map((d: { message: string }) => d.message);
}

function jwtPart(token: string, index: 0 | 1): Record<string, unknown> {
  const part = token.split(".")[index] ?? "";
  return JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/")));
}

/** The `refreshToken` cookie a response sets, with its attributes. */
function refreshCookie(r: ApiResult): string {
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith("refreshToken="));
  if (!cookie) throw new Error(`no refreshToken cookie in ${JSON.stringify(r.headers.getSetCookie())}`);
  return cookie;
}

const NEW_USER = {
  email: "  Casey.Nguyen@Example.COM ",
  username: "Casey_N",
  password: "Sunrise2026",
  firstName: "Casey",
  lastName: "Nguyen",
};

beforeEach(async () => {
  await resetSandbox();
  await call("/__sandbox/clock", { method: "POST", body: { now: NOW, frozen: true } });
});

describe("POST /auth/register", () => {
  it("creates a waitlisted agent by default: {user, token, status, redirect:/waitlist}", async () => {
    const r = await post("/v1/auth/register", NEW_USER);
    expect(r.status).toBe(201);
    expect(r.body.success).toBe(true);
    expect(Object.keys(r.body.data).sort()).toEqual(["redirect", "status", "token", "user"]);
    expect(r.body.data.status).toBe("waitlisted");
    expect(r.body.data.redirect).toBe("/waitlist");
    const user = r.body.data.user;
    expect(Object.keys(user).sort()).toEqual(USER_KEYS);
    expect(user).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      // Trimmed, and both stored lower-case.
      email: "casey.nguyen@example.com",
      username: "casey_n",
      firstName: "Casey",
      lastName: "Nguyen",
      role: "agent",
      status: "waitlisted",
      isActive: true,
      lastLogin: null,
      createdAt: NOW,
      updatedAt: NOW,
      timezone: "America/Los_Angeles",
    });
    expect(JSON.stringify(r.body)).not.toMatch(/password/i);

    // The token is the user's JWT; a waitlisted one reaches /auth/* only.
    expect(jwtPart(r.body.data.token, 1)).toMatchObject({ id: user.id, email: user.email, role: "agent" });
    const profile = await api("/v1/auth/profile", { token: r.body.data.token });
    expect(profile.status).toBe(200);
    expect(profile.body.data.user).toEqual(user);
    expectError(await api("/v1/leads", { token: r.body.data.token }), 403, "ACCOUNT_NOT_ACTIVE");
    expectError(await api("/v1/billing/plans", { token: r.body.data.token }), 403, "ACCOUNT_NOT_ACTIVE");
    // The new account logs in by username with its password.
    const again = await loginAs("CASEY_N", NEW_USER.password);
    expect(again.status).toBe(200);
    expect(again.body.data.user.id).toBe(user.id);
  });

  it("creates an active user, redirected to onboarding, once sign-ups are open (signupStatus active)", async () => {
    await configure({ signupStatus: "active" });
    const r = await post("/v1/auth/register", { ...NEW_USER, role: "Broker" });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ status: "active", redirect: "/onboarding/welcome" });
    expect(r.body.data.user).toMatchObject({ status: "active", role: "broker" });
    const token = r.body.data.token;
    expect((await api("/v1/leads?limit=1", { token })).status).toBe(200);
    const key = await api("/v1/api-keys", { method: "POST", token, body: { name: "First key" } });
    expect(key.status).toBe(201);
  });

  it("reports every field problem at once", async () => {
    const r = await post("/v1/auth/register", {
      email: "not-an-email",
      username: "bad name!",
      password: "short",
      firstName: "",
      role: "system_admin",
      emailKind: "spam",
      smsConsent: "yes",
    });
    expect(fieldsOf(r)).toEqual([
      "email",
      "emailKind",
      "firstName",
      "lastName",
      "password",
      "role",
      "smsConsent",
      "username",
    ]);
    // Every rule the password breaks is named.
    const pw = messagesFor(r, "password").join(" | ");
    expect(pw).toMatch(/8 characters/);
    expect(pw).toMatch(/uppercase/);
    expect(pw).toMatch(/digit/);
    expect(fieldsOf(await post("/v1/auth/register", {}))).toEqual([
      "email",
      "firstName",
      "lastName",
      "password",
      "username",
    ]);
    // Nothing was created.
    expectError(await loginAs("not-an-email", "short"), 401, "INVALID_CREDENTIALS");
  });

  it("holds usernames to ^[A-Za-z0-9_]+$", async () => {
    for (const username of ["jo.lee", "jo-lee", "jo lee", "jö_lee", "jo@lee"]) {
      const r = await post("/v1/auth/register", { ...NEW_USER, username });
      expect(fieldsOf(r), username).toEqual(["username"]);
    }
    const ok = await post("/v1/auth/register", { ...NEW_USER, username: "Jo_Lee_2026" });
    expect(ok.status).toBe(201);
    expect(ok.body.data.user.username).toBe("jo_lee_2026");
  });

  it("needs a password of at least 8 characters with an uppercase letter and a digit", async () => {
    const cases: [string, RegExp][] = [
      ["Abcdef1", /8 characters/],
      ["abcdefg1", /uppercase/],
      ["Abcdefgh", /digit/],
    ];
    for (const [password, rule] of cases) {
      const r = await post("/v1/auth/register", { ...NEW_USER, password });
      expect(fieldsOf(r), password).toEqual(["password"]);
      expect(messagesFor(r, "password"), password).toEqual([expect.stringMatching(rule)]);
    }
    expect((await post("/v1/auth/register", { ...NEW_USER, password: "Abcdefg1" })).status).toBe(201);
  });

  it("answers a taken email or username with 409 USER_EXISTS, whatever the case", async () => {
    const taken = [
      { ...NEW_USER, email: "Jordan.Lee@Example.com" },
      { ...NEW_USER, username: "JORDAN_LEE" },
      { ...NEW_USER, email: USERS.maria, username: "maria_alvarez" },
    ];
    for (const body of taken) {
      const e = expectError(await post("/v1/auth/register", body), 409, "USER_EXISTS");
      expect(e.message).toBeTypeOf("string");
    }
    // Validation comes first (spec §4.2): a taken email beside a bad field is a 400.
    expect(fieldsOf(await post("/v1/auth/register", { ...NEW_USER, email: USERS.jordan, password: "weak" }))).toEqual([
      "password",
    ]);
    expect((await post("/v1/auth/register", NEW_USER)).status).toBe(201);
    expectError(await post("/v1/auth/register", { ...NEW_USER, username: "someone_else" }), 409, "USER_EXISTS");
    expectError(await post("/v1/auth/register", { ...NEW_USER, email: "else@example.com" }), 409, "USER_EXISTS");
  });
});

describe("POST /auth/login", () => {
  it("answers {user, token, accessToken, refreshToken, expiresIn:15m, tokenType:Bearer} and sets the cookie", async () => {
    const r = await loginAs(USERS.jordan);
    expect(r.status).toBe(200);
    const d = r.body.data;
    expect(Object.keys(d).sort()).toEqual(["accessToken", "expiresIn", "refreshToken", "token", "tokenType", "user"]);
    expect(d.expiresIn).toBe("15m");
    expect(d.tokenType).toBe("Bearer");
    expect(d.token).toBe(d.accessToken);
    expect(d.refreshToken).toMatch(/^[0-9a-f]{80}$/);
    expect(Object.keys(d.user).sort()).toEqual(USER_KEYS);
    expect(d.user).toMatchObject({
      email: USERS.jordan,
      username: "jordan_lee",
      firstName: "Jordan",
      lastName: "Lee",
      role: "agent",
      status: "active",
      isActive: true,
      lastLogin: NOW,
    });
    // HS256 with the documented claims, living 15 minutes.
    expect(jwtPart(d.accessToken, 0)).toMatchObject({ alg: "HS256" });
    const claims = jwtPart(d.accessToken, 1);
    expect(claims).toMatchObject({ id: d.user.id, email: USERS.jordan, role: "agent", iat: Date.parse(NOW) / 1000 });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
    // The refresh token also travels in an httpOnly cookie.
    const cookie = refreshCookie(r);
    expect(cookie).toContain(`refreshToken=${d.refreshToken}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Max-Age=2592000/i);
  });

  it("accepts the username (in `email`, or as `username`), case-insensitively", async () => {
    const byName = await loginAs("Jordan_Lee");
    expect(byName.status).toBe(200);
    expect(byName.body.data.user.email).toBe(USERS.jordan);
    const upper = await loginAs(USERS.jordan.toUpperCase());
    expect(upper.status).toBe(200);
    const field = await post("/v1/auth/login", { username: "jordan_lee", password: PASSWORD });
    expect(field.status).toBe(200);
  });

  it("lets a waitlisted user log in", async () => {
    const r = await loginAs(USERS.sam);
    expect(r.status).toBe(200);
    expect(r.body.data.user).toMatchObject({ email: USERS.sam, status: "waitlisted" });
  });

  it("answers a missing identifier or password with 400 MISSING_CREDENTIALS", async () => {
    for (const body of [{}, { email: USERS.jordan }, { password: PASSWORD }, { email: "", password: PASSWORD }]) {
      expectError(await post("/v1/auth/login", body), 400, "MISSING_CREDENTIALS");
    }
    expectError(await api("/v1/auth/login", { method: "POST" }), 400, "MISSING_CREDENTIALS");
  });

  it("answers a wrong password or unknown user with 401 INVALID_CREDENTIALS, telling neither apart", async () => {
    const wrong = expectError(await loginAs(USERS.jordan, "Wrong-pass-1"), 401, "INVALID_CREDENTIALS");
    const unknown = expectError(await loginAs("nobody@example.com"), 401, "INVALID_CREDENTIALS");
    expect(unknown.message).toBe(wrong.message);
    // The password is case-sensitive.
    expectError(await loginAs(USERS.jordan, PASSWORD.toLowerCase()), 401, "INVALID_CREDENTIALS");
  });
});

describe("lockout (5 consecutive failures, 30 minutes)", () => {
  const wrong = (who: string = USERS.maria) => loginAs(who, "Wrong-pass-1");

  it("locks on the 5th failure with 423 ACCOUNT_LOCKED and details.locked_until", async () => {
    for (let i = 0; i < 4; i++) expectError(await wrong(), 401, "INVALID_CREDENTIALS");
    const locked = await wrong();
    const e = expectError(locked, 423, "ACCOUNT_LOCKED");
    expect(e.details).toEqual({ locked_until: new Date(Date.parse(NOW) + 30 * MINUTE).toISOString() });
    // Still locked, the right password included, and the lock does not grow with more attempts.
    await advance(10 * MINUTE);
    const right = expectError(await loginAs(USERS.maria), 423, "ACCOUNT_LOCKED");
    expect(right.details).toEqual(e.details);
    expect(expectError(await wrong(), 423, "ACCOUNT_LOCKED").details).toEqual(e.details);
    // Other users are not affected.
    expect((await loginAs(USERS.jordan)).status).toBe(200);
  });

  it("counts failures by email and by username together", async () => {
    await wrong("maria_alvarez");
    await wrong(USERS.maria);
    await wrong("MARIA_ALVAREZ");
    await wrong(USERS.maria.toUpperCase());
    expectError(await wrong("maria_alvarez"), 423, "ACCOUNT_LOCKED");
  });

  it("unlocks after 30 minutes of sandbox clock, with a fresh count", async () => {
    for (let i = 0; i < 5; i++) await wrong();
    await advance(30 * MINUTE - 1_000);
    expectError(await loginAs(USERS.maria), 423, "ACCOUNT_LOCKED");
    await advance(1_000);
    // The count starts again: one more failure is a plain 401, not another lock.
    expectError(await wrong(), 401, "INVALID_CREDENTIALS");
    expect((await loginAs(USERS.maria)).status).toBe(200);
  });

  it("resets the count on a success", async () => {
    for (let i = 0; i < 4; i++) expectError(await wrong(), 401, "INVALID_CREDENTIALS");
    expect((await loginAs(USERS.maria)).status).toBe(200);
    for (let i = 0; i < 4; i++) expectError(await wrong(), 401, "INVALID_CREDENTIALS");
    expect((await loginAs(USERS.maria)).status).toBe(200);
    for (let i = 0; i < 4; i++) expectError(await wrong(), 401, "INVALID_CREDENTIALS");
    expectError(await wrong(), 423, "ACCOUNT_LOCKED");
  });
});

describe("POST /auth/refresh", () => {
  it("answers {accessToken, expiresIn, refreshTokenExpiresIn:30d, refreshToken} and rotates the token", async () => {
    const s = await login(USERS.jordan, IP);
    await advance(MINUTE);
    const r = await refresh(s.refreshToken);
    expect(r.status).toBe(200);
    const d = r.body.data;
    expect(Object.keys(d).sort()).toEqual(["accessToken", "expiresIn", "refreshToken", "refreshTokenExpiresIn"]);
    expect(d.expiresIn).toBe("15m");
    expect(d.refreshTokenExpiresIn).toBe("30d");
    expect(d.refreshToken).toMatch(/^[0-9a-f]{80}$/);
    expect(d.refreshToken).not.toBe(s.refreshToken);
    expect(d.accessToken).not.toBe(s.accessToken);
    expect(jwtPart(d.accessToken, 1)).toMatchObject({ id: s.user.id, email: USERS.jordan, role: "agent" });
    expect(refreshCookie(r)).toContain(`refreshToken=${d.refreshToken}`);
    const profile = await api("/v1/auth/profile", { token: d.accessToken });
    expect(profile.body.data.user.email).toBe(USERS.jordan);

    // The old token is spent; the new one works once, and so on.
    const old = expectError(await refresh(s.refreshToken), 401, "INVALID_REFRESH_TOKEN");
    expect(old.message).toBeTypeOf("string");
    const next = await refresh(d.refreshToken);
    expect(next.status).toBe(200);
    expectError(await refresh(d.refreshToken), 401, "INVALID_REFRESH_TOKEN");
  });

  it("answers no token with 401 NO_REFRESH_TOKEN and an unknown one with 401 INVALID_REFRESH_TOKEN", async () => {
    expectError(await post("/v1/auth/refresh", {}), 401, "NO_REFRESH_TOKEN");
    expectError(await api("/v1/auth/refresh", { method: "POST" }), 401, "NO_REFRESH_TOKEN");
    expectError(await post("/v1/auth/refresh", { refreshToken: "" }), 401, "NO_REFRESH_TOKEN");
    expectError(await refresh("f".repeat(80)), 401, "INVALID_REFRESH_TOKEN");
    expectError(await refresh("not-a-token"), 401, "INVALID_REFRESH_TOKEN");
  });

  it("reads the token from the refreshToken cookie", async () => {
    const s = await login(USERS.jordan, IP);
    const r = await api("/v1/auth/refresh", { method: "POST", headers: { Cookie: `refreshToken=${s.refreshToken}` } });
    expect(r.status).toBe(200);
    expect(r.body.data.refreshToken).not.toBe(s.refreshToken);
    expect(refreshCookie(r)).toContain(`refreshToken=${r.body.data.refreshToken}`);
    // The cookie's token was rotated like a body token.
    const again = await api("/v1/auth/refresh", {
      method: "POST",
      headers: { Cookie: `refreshToken=${s.refreshToken}` },
    });
    expectError(again, 401, "INVALID_REFRESH_TOKEN");
  });

  it("expires after 30 days unused, and the session leaves the list", async () => {
    const used = await login(USERS.jordan, IP);
    const idle = await login(USERS.jordan, OTHER_IP);
    await advance(30 * DAY - 1_000);
    const r = await refresh(used.refreshToken);
    expect(r.status).toBe(200);
    await advance(1_000);
    expectError(await refresh(idle.refreshToken), 401, "INVALID_REFRESH_TOKEN");
    const sessions = (await api("/v1/auth/sessions", { token: r.body.data.accessToken })).body.data.sessions;
    expect(sessions.map((x: { ipAddress: string }) => x.ipAddress)).toEqual([IP]);
  });

  it("slides the 30 days on each refresh, up to 90 days from login", async () => {
    let token = (await login(USERS.jordan, IP)).refreshToken;
    for (let day = 29; day <= 87; day += 29) {
      await advance(29 * DAY);
      const r = await refresh(token);
      expect(r.status, `refresh on day ${day}`).toBe(200);
      token = r.body.data.refreshToken;
    }
    // Day 87: the slide stops at the hard limit, day 90 from login.
    await advance(3 * DAY - 1_000);
    const last = await refresh(token);
    expect(last.status).toBe(200);
    await advance(1_000);
    expectError(await refresh(last.body.data.refreshToken), 401, "INVALID_REFRESH_TOKEN");
  });
});

describe("access token lifetime", () => {
  it("expires after 15 minutes with 401 TOKEN_EXPIRED; a refresh then gives a working token", async () => {
    const s = await login(USERS.jordan, IP);
    await advance(15 * MINUTE - 1_000);
    expect((await api("/v1/auth/verify", { token: s.accessToken })).status).toBe(200);
    await advance(1_000);
    expectError(await api("/v1/auth/verify", { token: s.accessToken }), 401, "TOKEN_EXPIRED");
    expectError(await api("/v1/auth/profile", { token: s.accessToken }), 401, "TOKEN_EXPIRED");
    const r = await refresh(s.refreshToken);
    expect(r.status).toBe(200);
    const verify = await api("/v1/auth/verify", { token: r.body.data.accessToken });
    expect(verify.status).toBe(200);
    expect(verify.body.data.user.email).toBe(USERS.jordan);
  });

  it("follows accessTokenTtlSeconds, and says so in expiresIn", async () => {
    await configure({ accessTokenTtlSeconds: 3600 });
    const r = await loginAs(USERS.jordan);
    expect(r.body.data.expiresIn).toBe("1h");
    await advance(59 * MINUTE);
    expect((await api("/v1/auth/verify", { token: r.body.data.accessToken })).status).toBe(200);
    const next = await refresh(r.body.data.refreshToken);
    expect(next.body.data.expiresIn).toBe("1h");
  });
});

describe("POST /auth/logout", () => {
  it("revokes the refresh token, clears the cookie, answers {success, message} without data", async () => {
    const s = await login(USERS.jordan, IP);
    const out = await post("/v1/auth/logout", { refreshToken: s.refreshToken });
    expect(out.status).toBe(200);
    expect(Object.keys(out.body).sort()).toEqual(["message", "success", "timestamp"]);
    expect(out.body.success).toBe(true);
    expect(out.body.message).toBeTypeOf("string");
    expect(refreshCookie(out)).toMatch(/^refreshToken=;.*Max-Age=0/i);
    expectError(await refresh(s.refreshToken), 401, "INVALID_REFRESH_TOKEN");
    // The access token is not revoked; it simply runs out.
    expect((await api("/v1/auth/profile", { token: s.accessToken })).status).toBe(200);
  });

  it("revokes the cookie's token when no body token is sent", async () => {
    const s = await login(USERS.jordan, IP);
    const out = await api("/v1/auth/logout", { method: "POST", headers: { Cookie: `refreshToken=${s.refreshToken}` } });
    expect(out.status).toBe(200);
    expectError(await refresh(s.refreshToken), 401, "INVALID_REFRESH_TOKEN");
  });

  it("always answers 200: no token, an unknown one, a spent one, a bad body", async () => {
    const s = await login(USERS.jordan, IP);
    const rotated = (await refresh(s.refreshToken)).body.data.refreshToken;
    const cases: CallOptions[] = [
      {},
      { body: {} },
      { body: { refreshToken: "f".repeat(80) } },
      { body: { refreshToken: s.refreshToken } },
      { rawBody: "{not json", headers: { "Content-Type": "application/json" } },
      { rawBody: "refreshToken=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
      { token: "garbage" },
    ];
    for (const opts of cases) {
      const r = await api("/v1/auth/logout", { method: "POST", ...opts });
      expect(r.status, JSON.stringify(opts)).toBe(200);
      expect(r.body.success).toBe(true);
    }
    // None of those touched the live token.
    expect((await refresh(rotated)).status).toBe(200);
  });
});

describe("POST /auth/logout-all and GET /auth/sessions", () => {
  it("lists live sessions {id, createdAt, expiresAt, ipAddress, userAgent, deviceInfo, isCurrent}", async () => {
    const first = await loginAs(USERS.jordan, PASSWORD, { headers: { "User-Agent": CHROME_MAC } });
    await advance(MINUTE);
    const second = await loginAs(USERS.jordan, PASSWORD, { ip: OTHER_IP, headers: { "User-Agent": "curl/8.5.0" } });
    const list = await api("/v1/auth/sessions", { token: second.body.data.accessToken });
    expect(list.status).toBe(200);
    expect(Object.keys(list.body.data)).toEqual(["sessions"]);
    const sessions = list.body.data.sessions;
    expect(sessions).toHaveLength(2);
    const created = Date.parse(NOW) + MINUTE;
    // Newest first.
    expect(sessions[0]).toEqual({
      id: expect.any(String),
      createdAt: new Date(created).toISOString(),
      expiresAt: new Date(created + 30 * DAY).toISOString(),
      ipAddress: OTHER_IP,
      userAgent: "curl/8.5.0",
      deviceInfo: "curl",
      isCurrent: true,
    });
    expect(sessions[1]).toEqual({
      id: expect.any(String),
      createdAt: NOW,
      expiresAt: new Date(Date.parse(NOW) + 30 * DAY).toISOString(),
      ipAddress: IP,
      userAgent: CHROME_MAC,
      deviceInfo: "Chrome on macOS",
      isCurrent: false,
    });
    // The first login's token sees the same list with itself current.
    const fromFirst = await api("/v1/auth/sessions", { token: first.body.data.accessToken });
    expect(fromFirst.body.data.sessions.map((s: { isCurrent: boolean }) => s.isCurrent)).toEqual([false, true]);
    // Another user's sessions are not listed.
    const maria = await login(USERS.maria, IP);
    expect((await api("/v1/auth/sessions", { token: maria.accessToken })).body.data.sessions).toHaveLength(1);
  });

  it("keeps a session through refreshes and drops it on logout", async () => {
    const s = await login(USERS.jordan, IP);
    const other = await login(USERS.jordan, OTHER_IP);
    const before = (await api("/v1/auth/sessions", { token: s.accessToken })).body.data.sessions;
    const mine = before.find((x: { isCurrent: boolean }) => x.isCurrent).id;
    await advance(DAY);
    const r = await refresh(s.refreshToken);
    const after = (await api("/v1/auth/sessions", { token: r.body.data.accessToken })).body.data.sessions;
    expect(after).toHaveLength(2);
    const current = after.find((x: { isCurrent: boolean }) => x.isCurrent);
    expect(current.id).toBe(mine);
    // The refresh slid its expiry.
    expect(current.expiresAt).toBe(new Date(Date.parse(NOW) + 31 * DAY).toISOString());
    await post("/v1/auth/logout", { refreshToken: other.refreshToken });
    const left = (await api("/v1/auth/sessions", { token: r.body.data.accessToken })).body.data.sessions;
    expect(left.map((x: { id: string }) => x.id)).toEqual([mine]);
  });

  it("logout-all revokes every refresh token of the user; access tokens stay valid until they expire", async () => {
    const a = await login(USERS.jordan, IP);
    const b = await login(USERS.jordan, OTHER_IP);
    const maria = await login(USERS.maria, IP);
    const all = await post("/v1/auth/logout-all", {}, { token: a.accessToken });
    expect(all.status).toBe(200);
    expect(all.body.success).toBe(true);
    expect(all.body.message).toBeTypeOf("string");
    expect(refreshCookie(all)).toMatch(/^refreshToken=;.*Max-Age=0/i);
    for (const t of [a.refreshToken, b.refreshToken]) expectError(await refresh(t), 401, "INVALID_REFRESH_TOKEN");
    expect((await api("/v1/auth/sessions", { token: a.accessToken })).body.data.sessions).toEqual([]);
    // Access tokens still work ...
    expect((await api("/v1/auth/profile", { token: b.accessToken })).status).toBe(200);
    expect((await api("/v1/leads?limit=1", { token: a.accessToken })).status).toBe(200);
    // ... until their 15 minutes are up.
    await advance(15 * MINUTE);
    expectError(await api("/v1/auth/profile", { token: b.accessToken }), 401, "TOKEN_EXPIRED");
    // Maria's session is untouched.
    expect((await refresh(maria.refreshToken)).status).toBe(200);
  });

  it("needs a JWT", async () => {
    expectError(await post("/v1/auth/logout-all", {}), 401, "NO_AUTH_TOKEN");
    expectError(await api("/v1/auth/sessions"), 401, "NO_AUTH_TOKEN");
    expectError(await api("/v1/auth/sessions", { token: "garbage" }), 401, "INVALID_TOKEN");
  });
});

describe("GET /auth/verify and GET /auth/profile", () => {
  it("both answer data.user, the same user object as login", async () => {
    const s = await loginAs(USERS.maria);
    const token = s.body.data.accessToken;
    for (const path of ["/v1/auth/verify", "/v1/auth/profile"]) {
      const r = await api(path, { token });
      expect(r.status, path).toBe(200);
      expect(Object.keys(r.body.data), path).toEqual(["user"]);
      expect(r.body.data.user, path).toEqual(s.body.data.user);
    }
    expect(s.body.data.user).toMatchObject({ role: "broker", username: "maria_alvarez", lastLogin: NOW });
  });

  it("serve a waitlisted user", async () => {
    const sam = await login(USERS.sam, IP);
    for (const path of ["/v1/auth/verify", "/v1/auth/profile", "/v1/auth/sessions"]) {
      expect((await api(path, { token: sam.accessToken })).status, path).toBe(200);
    }
    expect((await api("/v1/auth/verify", { token: sam.accessToken })).body.data.user.status).toBe("waitlisted");
  });
});

describe("PUT /auth/profile", () => {
  const PROFILE_KEYS = [
    ...USER_KEYS,
    "home_city",
    "home_lat",
    "home_lng",
    "home_state",
    "home_zip",
    "licensed_states",
    "search_radius_miles",
  ].sort();

  it("updates only the fields sent and answers the flat user plus home_*, licensed_states, search_radius_miles", async () => {
    const s = await login(USERS.jordan, IP);
    await advance(MINUTE);
    const r = await putProfile(s.accessToken, {
      firstName: "Jordan A.",
      homeCity: "Tehachapi",
      homeState: "CA",
      homeZip: "93561",
      homeLat: 35.13,
      homeLng: -118.45,
      licensedStates: ["ca", "NV", "CA"],
      searchRadiusMiles: 40,
      email: "other@example.com",
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.data).sort()).toEqual(PROFILE_KEYS);
    expect(r.body.data).toMatchObject({
      id: s.user.id,
      firstName: "Jordan A.",
      lastName: "Lee",
      // `email` is ignored.
      email: USERS.jordan,
      timezone: "America/Los_Angeles",
      home_city: "Tehachapi",
      home_state: "CA",
      home_zip: "93561",
      home_lat: 35.13,
      home_lng: -118.45,
      licensed_states: ["CA", "NV"],
      search_radius_miles: 40,
      createdAt: s.user.createdAt,
      updatedAt: new Date(Date.parse(NOW) + MINUTE).toISOString(),
    });

    // A second partial update leaves the first one's fields alone; null clears.
    const second = await putProfile(s.accessToken, { lastName: "Lee-Park", timezone: "America/Denver", homeZip: null });
    expect(second.body.data).toMatchObject({
      firstName: "Jordan A.",
      lastName: "Lee-Park",
      timezone: "America/Denver",
      home_city: "Tehachapi",
      home_zip: null,
      licensed_states: ["CA", "NV"],
    });
    const profile = await api("/v1/auth/profile", { token: s.accessToken });
    expect(profile.body.data.user).toMatchObject({
      firstName: "Jordan A.",
      lastName: "Lee-Park",
      timezone: "America/Denver",
      email: USERS.jordan,
    });
  });

  it("answers a body with no recognised field with 400 NO_UPDATES", async () => {
    const s = await login(USERS.jordan, IP);
    for (const body of [{}, { email: "x@example.com" }, { nickname: "JJ" }, { currentPassword: PASSWORD }]) {
      expectError(await putProfile(s.accessToken, body), 400, "NO_UPDATES");
    }
  });

  it("validates the fields, all at once", async () => {
    const s = await login(USERS.jordan, IP);
    const r = await putProfile(s.accessToken, {
      firstName: "",
      timezone: "Mars/Olympus",
      homeLat: 91,
      homeLng: "west",
      licensedStates: ["California"],
      searchRadiusMiles: -5,
      newPassword: "weak",
      currentPassword: PASSWORD,
    });
    expect(fieldsOf(r)).toEqual([
      "firstName",
      "homeLat",
      "homeLng",
      "licensedStates.0",
      "newPassword",
      "searchRadiusMiles",
      "timezone",
    ]);
    expect((await api("/v1/auth/profile", { token: s.accessToken })).body.data.user.firstName).toBe("Jordan");
  });

  it("changes the password only with the right current one; the new one then logs in", async () => {
    const s = await login(USERS.jordan, IP);
    const NEW = "Mountain2027";
    const missing = expectError(
      await putProfile(s.accessToken, { newPassword: NEW, firstName: "Changed" }),
      400,
      "MISSING_CURRENT_PASSWORD",
    );
    expect(missing.message).toBeTypeOf("string");
    expectError(
      await putProfile(s.accessToken, { newPassword: NEW, currentPassword: "Wrong-pass-1", firstName: "Changed" }),
      400,
      "INVALID_CURRENT_PASSWORD",
    );
    // A refused change writes nothing, not even its other fields.
    expect((await api("/v1/auth/profile", { token: s.accessToken })).body.data.user.firstName).toBe("Jordan");
    expectError(await loginAs(USERS.jordan, NEW), 401, "INVALID_CREDENTIALS");

    const changed = await putProfile(s.accessToken, { newPassword: NEW, currentPassword: PASSWORD });
    expect(changed.status).toBe(200);
    expect(JSON.stringify(changed.body)).not.toMatch(/password/i);
    expectError(await loginAs(USERS.jordan), 401, "INVALID_CREDENTIALS");
    const again = await loginAs(USERS.jordan, NEW);
    expect(again.status).toBe(200);
    expect((await loginAs("jordan_lee", NEW, { ip: OTHER_IP })).status).toBe(200);
  });

  it("serves a waitlisted user and needs a JWT", async () => {
    const sam = await login(USERS.sam, IP);
    const r = await putProfile(sam.accessToken, { homeCity: "Bakersfield" });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ email: USERS.sam, status: "waitlisted", home_city: "Bakersfield" });
    expectError(await api("/v1/auth/profile", { method: "PUT", body: { firstName: "X" } }), 401, "NO_AUTH_TOKEN");
  });
});
