import { beforeEach, describe, expect, it } from "vitest";
import { call, expectError, login, PASSWORD, resetSandbox, USERS } from "../support/sandbox-client";

const IP = "10.51.0.1";
const api = (path: string, opts: Parameters<typeof call>[1] = {}) => call(path, { ip: IP, ...opts });
const post = (path: string, body: unknown, opts: Parameters<typeof call>[1] = {}) =>
  api(path, { method: "POST", body, ...opts });
const advance = (ms: number) => call("/__sandbox/clock", { method: "POST", body: { advanceMs: ms } });
const fields = (e: { details: Array<{ field: string }> }) => e.details.map((d) => d.field).sort();

const NEW_USER = {
  email: "Casey.Nguyen@Example.com",
  username: "Casey_N",
  password: "Sunrise2026",
  firstName: "Casey",
  lastName: "Nguyen",
};

beforeEach(async () => {
  await resetSandbox();
  await call("/__sandbox/clock", { method: "POST", body: { frozen: true } });
});

describe("register", () => {
  it("creates a waitlisted user by default, stored lower-case, with a token and the waitlist redirect", async () => {
    const r = await post("/v1/auth/register", NEW_USER);
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ status: "waitlisted", redirect: "/waitlist" });
    expect(r.body.data.user).toMatchObject({
      email: "casey.nguyen@example.com",
      username: "casey_n",
      firstName: "Casey",
      lastName: "Nguyen",
      role: "agent",
      status: "waitlisted",
      timezone: "America/Los_Angeles",
    });
    expect(r.body.data.user).not.toHaveProperty("password_hash");
    expect(r.body.data.token.split(".")).toHaveLength(3);
    // The waitlisted user's token reaches /auth/* only.
    expect((await api("/v1/auth/profile", { token: r.body.data.token })).status).toBe(200);
    expectError(await api("/v1/leads", { token: r.body.data.token }), 403, "ACCOUNT_NOT_ACTIVE");
  });

  it("creates an active user when sign-ups are open", async () => {
    await call("/__sandbox/config", { method: "POST", body: { signupStatus: "active" } });
    const r = await post("/v1/auth/register", NEW_USER);
    expect(r.body.data).toMatchObject({ status: "active", redirect: "/onboarding/welcome" });
    expect((await api("/v1/leads?limit=1", { token: r.body.data.token })).status).toBe(200);
  });

  it("reports every problem at once and refuses a taken email or username", async () => {
    const bad = expectError(
      await post("/v1/auth/register", { email: "nope", username: "bad name!", password: "short" }),
      400,
      "VALIDATION_ERROR",
    );
    expect(fields(bad)).toEqual(expect.arrayContaining(["email", "firstName", "lastName", "password", "username"]));
    expect((await post("/v1/auth/register", NEW_USER)).status).toBe(201);
    expectError(await post("/v1/auth/register", { ...NEW_USER, username: "other_name" }), 409, "USER_EXISTS");
    expectError(await post("/v1/auth/register", { ...NEW_USER, email: "other@example.com" }), 409, "USER_EXISTS");
  });
});

describe("login", () => {
  it("logs in by email or username and documents the token's lifetime", async () => {
    const r = await post("/v1/auth/login", { email: USERS.jordan, password: PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ tokenType: "Bearer", expiresIn: "15m" });
    expect(r.body.data.token).toBe(r.body.data.accessToken);
    expect(r.body.data.refreshToken).toMatch(/^[0-9a-f]{80}$/);
    expect(r.headers.get("Set-Cookie")).toMatch(/refreshToken=[0-9a-f]{80}.*HttpOnly/i);
    const username = r.body.data.user.username;
    expect((await post("/v1/auth/login", { email: username, password: PASSWORD })).status).toBe(200);
  });

  it("names missing and wrong credentials with their codes", async () => {
    expectError(await post("/v1/auth/login", { email: USERS.jordan }), 400, "MISSING_CREDENTIALS");
    expectError(
      await post("/v1/auth/login", { email: USERS.jordan, password: "Wrong1234" }),
      401,
      "INVALID_CREDENTIALS",
    );
    expectError(
      await post("/v1/auth/login", { email: "nobody@example.com", password: PASSWORD }),
      401,
      "INVALID_CREDENTIALS",
    );
  });

  it("locks the account on the 5th consecutive failure for 30 minutes; a success resets the count", async () => {
    const wrong = () => post("/v1/auth/login", { email: USERS.maria, password: "Wrong1234" });
    for (let i = 0; i < 4; i++) expectError(await wrong(), 401, "INVALID_CREDENTIALS");
    expect((await post("/v1/auth/login", { email: USERS.maria, password: PASSWORD })).status).toBe(200);
    for (let i = 0; i < 4; i++) expectError(await wrong(), 401, "INVALID_CREDENTIALS");
    const locked = expectError(await wrong(), 423, "ACCOUNT_LOCKED");
    const now = Date.parse((await call("/__sandbox/clock")).body.data.now);
    expect(Date.parse(locked.details.locked_until)).toBe(now + 30 * 60_000);
    expectError(await post("/v1/auth/login", { email: USERS.maria, password: PASSWORD }), 423, "ACCOUNT_LOCKED");
    await advance(30 * 60_000 + 1000);
    expect((await post("/v1/auth/login", { email: USERS.maria, password: PASSWORD })).status).toBe(200);
  });
});

describe("tokens and sessions", () => {
  it("rotates the refresh token on every refresh; the old one is refused", async () => {
    const s = await login(USERS.jordan, IP);
    const r = await post("/v1/auth/refresh", { refreshToken: s.refreshToken });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ expiresIn: "15m", refreshTokenExpiresIn: "30d" });
    expect(r.body.data.refreshToken).not.toBe(s.refreshToken);
    expectError(await post("/v1/auth/refresh", { refreshToken: s.refreshToken }), 401, "INVALID_REFRESH_TOKEN");
    expect((await post("/v1/auth/refresh", { refreshToken: r.body.data.refreshToken })).status).toBe(200);
    expectError(await post("/v1/auth/refresh", {}), 401, "NO_REFRESH_TOKEN");
  });

  it("reads the refresh token from the cookie too", async () => {
    const s = await login(USERS.jordan, IP);
    const r = await post("/v1/auth/refresh", {}, { headers: { Cookie: `refreshToken=${s.refreshToken}` } });
    expect(r.status).toBe(200);
  });

  it("expires access tokens after 15 minutes; a refresh gives a working one", async () => {
    const s = await login(USERS.jordan, IP);
    expect((await api("/v1/auth/verify", { token: s.accessToken })).body.data.user.email).toBe(USERS.jordan);
    await advance(15 * 60_000 + 1000);
    expectError(await api("/v1/auth/verify", { token: s.accessToken }), 401, "TOKEN_EXPIRED");
    const r = await post("/v1/auth/refresh", { refreshToken: s.refreshToken });
    expect((await api("/v1/auth/verify", { token: r.body.data.accessToken })).status).toBe(200);
  });

  it("logout revokes the refresh token and always answers 200", async () => {
    const s = await login(USERS.jordan, IP);
    const out = await post("/v1/auth/logout", { refreshToken: s.refreshToken });
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ success: true, message: expect.any(String) });
    expect(out.body).not.toHaveProperty("data");
    expectError(await post("/v1/auth/refresh", { refreshToken: s.refreshToken }), 401, "INVALID_REFRESH_TOKEN");
    expect((await post("/v1/auth/logout", {})).status).toBe(200);
    expect((await post("/v1/auth/logout", { refreshToken: "f".repeat(80) })).status).toBe(200);
  });

  it("lists sessions with the current one marked; logout-all revokes refresh tokens, not access tokens", async () => {
    const a = await login(USERS.jordan, IP);
    const b = await login(USERS.jordan, "10.51.0.2");
    const list = await api("/v1/auth/sessions", { token: b.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.data.sessions).toHaveLength(2);
    for (const s of list.body.data.sessions) {
      expect(Object.keys(s).sort()).toEqual([
        "createdAt",
        "deviceInfo",
        "expiresAt",
        "id",
        "ipAddress",
        "isCurrent",
        "userAgent",
      ]);
    }
    expect(list.body.data.sessions.filter((s: { isCurrent: boolean }) => s.isCurrent)).toHaveLength(1);
    const all = await post("/v1/auth/logout-all", {}, { token: a.accessToken });
    expect(all.status).toBe(200);
    expect(all.body.message).toEqual(expect.any(String));
    for (const t of [a.refreshToken, b.refreshToken]) {
      expectError(await post("/v1/auth/refresh", { refreshToken: t }), 401, "INVALID_REFRESH_TOKEN");
    }
    expect((await api("/v1/auth/profile", { token: b.accessToken })).status).toBe(200);
  });
});

describe("profile", () => {
  it("updates only what is sent, ignores email, and refuses an empty update", async () => {
    const s = await login(USERS.jordan, IP);
    const r = await api("/v1/auth/profile", {
      method: "PUT",
      token: s.accessToken,
      body: { firstName: "Jordan A.", homeCity: "Tehachapi", licensedStates: ["CA", "NV"], email: "x@example.com" },
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      firstName: "Jordan A.",
      email: USERS.jordan,
      home_city: "Tehachapi",
      licensed_states: ["CA", "NV"],
    });
    expect((await api("/v1/auth/profile", { token: s.accessToken })).body.data.user.firstName).toBe("Jordan A.");
    expectError(
      await api("/v1/auth/profile", { method: "PUT", token: s.accessToken, body: { email: "x@example.com" } }),
      400,
      "NO_UPDATES",
    );
  });

  it("changes the password only with the current one", async () => {
    const s = await login(USERS.jordan, IP);
    const put = (body: unknown) => api("/v1/auth/profile", { method: "PUT", token: s.accessToken, body });
    expectError(await put({ newPassword: "Mountain2027" }), 400, "MISSING_CURRENT_PASSWORD");
    expectError(
      await put({ newPassword: "Mountain2027", currentPassword: "Wrong1234" }),
      400,
      "INVALID_CURRENT_PASSWORD",
    );
    expect((await put({ newPassword: "Mountain2027", currentPassword: PASSWORD })).status).toBe(200);
    expectError(await post("/v1/auth/login", { email: USERS.jordan, password: PASSWORD }), 401, "INVALID_CREDENTIALS");
    expect((await post("/v1/auth/login", { email: USERS.jordan, password: "Mountain2027" })).status).toBe(200);
  });
});
