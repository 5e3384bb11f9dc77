import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ApiResult,
  type CallOptions,
  call,
  expectError,
  fixtureKey,
  login,
  PASSWORD,
  resetSandbox,
  USERS,
} from "../support/sandbox-client";

/** Spec §1.7: the four limiters, their headers, 429s with Retry-After, and windows on the sandbox clock. */

const IP = "10.62.0.1";
const OTHER_IP = "10.62.0.2";

let full: string;
beforeAll(async () => {
  full = await fixtureKey("full-access");
});
beforeEach(resetSandbox);

async function configure(override: unknown): Promise<void> {
  const r = await call("/__sandbox/config", { method: "POST", body: override });
  expect(r.status).toBe(200);
}

async function clock(change: { now?: string; advanceMs?: number; frozen?: boolean }): Promise<void> {
  const r = await call("/__sandbox/clock", { method: "POST", body: change });
  expect(r.status).toBe(200);
}

/** The three IETF headers as numbers (NaN when absent). */
function rate(r: ApiResult): { limit: number; remaining: number; reset: number } {
  return {
    limit: Number(r.headers.get("RateLimit-Limit")),
    remaining: Number(r.headers.get("RateLimit-Remaining")),
    reset: Number(r.headers.get("RateLimit-Reset")),
  };
}

const leads = (opts: CallOptions = {}) => call("/v1/leads?limit=1", { key: full, ip: IP, ...opts });
const badLogin = (ip = IP) =>
  call("/v1/auth/login", { method: "POST", ip, body: { email: USERS.jordan, password: "Wrong-pass-1" } });
const goodLogin = (ip = IP) =>
  call("/v1/auth/login", { method: "POST", ip, body: { email: USERS.jordan, password: PASSWORD } });

/** Asserts a 429 of the documented shape and returns its Retry-After in seconds. */
function expect429(r: ApiResult): number {
  const e = expectError(r, 429, "RATE_LIMIT_EXCEEDED");
  expect(e.message).toBeTypeOf("string");
  const retryAfter = r.headers.get("Retry-After");
  expect(retryAfter).toMatch(/^\d+$/);
  return Number(retryAfter);
}

describe("headers on every /v1 response", () => {
  it("sends RateLimit-Limit/Remaining/Reset on successes and on every kind of error", async () => {
    await clock({ frozen: true });
    const responses = [
      await leads(), // 200
      await leads({ key: "bad" }), // 401
      await leads({ key: await fixtureKey("no-scopes") }), // 403
      await call("/v1/nope", { ip: IP }), // 404
      await leads({ method: "POST", body: {} }), // 400
      await leads({ method: "POST", rawBody: "x", headers: { "Content-Type": "text/plain" } }), // 415
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 403, 404, 400, 415]);
    responses.forEach((r, i) => {
      expect(rate(r), `response ${i}`).toEqual({ limit: 500, remaining: 499 - i, reset: 900 });
      // Only X-less IETF names.
      expect(r.headers.get("X-RateLimit-Limit")).toBeNull();
      expect(r.headers.get("Retry-After")).toBeNull();
    });
  });

  it("counts down RateLimit-Reset with the sandbox clock from the first request of the window", async () => {
    await clock({ frozen: true });
    expect(rate(await leads()).reset).toBe(900);
    await clock({ advanceMs: 100_500 });
    expect(rate(await leads())).toEqual({ limit: 500, remaining: 498, reset: 800 });
  });

  it("does not count or decorate the sandbox's own control routes", async () => {
    await leads();
    const control = await call("/__sandbox/clock", { ip: IP });
    expect(control.headers.get("RateLimit-Limit")).toBeNull();
    expect(rate(await leads()).remaining).toBe(498);
  });
});

describe("the global limiter", () => {
  beforeEach(async () => {
    await clock({ frozen: true });
    await configure({ rateLimits: { global: { limit: 5, windowMs: 60_000 } } });
  });

  it("refuses the 6th request with 429 RATE_LIMIT_EXCEEDED and Retry-After, then recovers after the window", async () => {
    for (let i = 0; i < 5; i++) {
      const r = await leads();
      expect(r.status).toBe(200);
      expect(rate(r)).toEqual({ limit: 5, remaining: 4 - i, reset: 60 });
    }
    const sixth = await leads();
    expect(expect429(sixth)).toBe(60);
    expect(rate(sixth)).toEqual({ limit: 5, remaining: 0, reset: 60 });
    expect(sixth.headers.get("Content-Type")).toBe("application/json; charset=utf-8");

    await clock({ advanceMs: 45_000 });
    const later = await leads();
    expect(expect429(later)).toBe(15);
    expect(rate(later)).toEqual({ limit: 5, remaining: 0, reset: 15 });

    await clock({ advanceMs: 15_000 });
    const recovered = await leads();
    expect(recovered.status).toBe(200);
    expect(rate(recovered)).toEqual({ limit: 5, remaining: 4, reset: 60 });
  });

  it("keeps one window per client IP (CF-Connecting-IP, then the first X-Forwarded-For entry)", async () => {
    for (let i = 0; i < 5; i++) await leads();
    expect429(await leads());
    const other = await leads({ ip: OTHER_IP });
    expect(other.status).toBe(200);
    expect(rate(other).remaining).toBe(4);

    // Without CF-Connecting-IP the first X-Forwarded-For entry is the client.
    const viaXff = await leads({ ip: undefined, headers: { "X-Forwarded-For": `${IP}, 192.0.2.7` } });
    expect429(viaXff);
    const otherXff = await leads({ ip: undefined, headers: { "X-Forwarded-For": "10.62.9.9, 10.62.0.1" } });
    expect(otherXff.status).toBe(200);
    expect(rate(otherXff).remaining).toBe(4);
    // CF-Connecting-IP wins over X-Forwarded-For.
    const both = await leads({ ip: OTHER_IP, headers: { "X-Forwarded-For": IP } });
    expect(both.status).toBe(200);
    expect(rate(both).remaining).toBe(3);
  });

  it("counts every request whatever its outcome, and raises the 429 at its place in the check order", async () => {
    await leads({ key: "bad" });
    await call("/v1/nope", { ip: IP });
    await leads({ method: "POST", body: {} });
    await leads();
    await leads();
    expect429(await leads());
    // Over the limit, route (404), auth (401) and scope (403) still come first (spec §4.2) ...
    expectError(await call("/v1/nope", { ip: IP }), 404, "NOT_FOUND");
    expectError(await leads({ key: "bad" }), 401, "INVALID_API_KEY");
    expectError(await leads({ key: await fixtureKey("no-scopes") }), 403, "INSUFFICIENT_SCOPE");
    // ... and the 429 comes before validation (400).
    expect429(await leads({ method: "POST", body: {} }));
    expect(rate(await leads({ key: "bad" }))).toEqual({ limit: 5, remaining: 0, reset: 60 });
  });

  it("writes nothing for a refused request", async () => {
    for (let i = 0; i < 5; i++) await leads();
    expect429(await leads({ method: "POST", body: { name: "Should Not Exist" } }));
    await clock({ advanceMs: 60_000 });
    const list = await call("/v1/leads?limit=100", { key: full, ip: OTHER_IP });
    expect(list.body.data.leads.map((l: { name: string }) => l.name)).not.toContain("Should Not Exist");
  });

  it("applies to public endpoints too", async () => {
    for (let i = 0; i < 5; i++) expect((await call("/v1/billing/public-plans", { ip: IP })).status).toBe(200);
    expect429(await call("/v1/billing/public-plans", { ip: IP }));
  });
});

describe("the login cap (50 per 15 min, successes included)", () => {
  it("is what login responses show, and refuses the request after the cap even with the right password", async () => {
    await clock({ frozen: true });
    await configure({ rateLimits: { login: { limit: 3, windowMs: 600_000 } } });
    for (let i = 0; i < 3; i++) {
      const r = await goodLogin();
      expect(r.status).toBe(200);
      expect(rate(r)).toEqual({ limit: 3, remaining: 2 - i, reset: 600 });
    }
    const fourth = await goodLogin();
    expect(expect429(fourth)).toBe(600);
    expect(rate(fourth)).toEqual({ limit: 3, remaining: 0, reset: 600 });
    // Only login is capped: the rest of /v1, and login from another IP, go on.
    const other = await leads();
    expect(other.status).toBe(200);
    expect(rate(other).limit).toBe(500);
    expect((await goodLogin(OTHER_IP)).status).toBe(200);
    await clock({ advanceMs: 600_000 });
    expect((await goodLogin()).status).toBe(200);
  });

  it("shows 50 requests per 15 minutes by default", async () => {
    const r = await goodLogin();
    expect(rate(r).limit).toBe(50);
    expect(rate(r).remaining).toBe(49);
    expect(rate(r).reset).toBeGreaterThan(895);
    expect(rate(r).reset).toBeLessThanOrEqual(900);
  });
});

describe("the auth-failure budget (30 failed /auth/* requests per 15 min)", () => {
  beforeEach(async () => {
    await clock({ frozen: true });
    await configure({ rateLimits: { authFailures: { limit: 3, windowMs: 300_000 } } });
  });

  it("blocks /auth/* (except refresh) once the failures are used up, without ever showing the budget", async () => {
    const { accessToken } = await login(USERS.jordan, OTHER_IP);
    for (let i = 0; i < 3; i++) {
      const r = await badLogin();
      expectError(r, 401, "INVALID_CREDENTIALS");
      expect(rate(r)).toEqual({ limit: 50, remaining: 49 - i, reset: 900 });
    }
    const blocked = await goodLogin();
    expect(expect429(blocked)).toBe(300);
    expect(rate(blocked).limit).toBe(50);
    expect429(await call("/v1/auth/profile", { ip: IP, token: accessToken }));
    // A bad credential is still 401 first (spec §4.2).
    expectError(await call("/v1/auth/profile", { ip: IP, token: "whatever" }), 401, "INVALID_TOKEN");
    // Refresh has its own limiter, and the rest of /v1 is not affected.
    expectError(await call("/v1/auth/refresh", { method: "POST", ip: IP, body: {} }), 401, "NO_REFRESH_TOKEN");
    expect((await leads()).status).toBe(200);
    // Another IP has its own budget; the window ends on the sandbox clock.
    expect((await goodLogin(OTHER_IP)).status).toBe(200);
    await clock({ advanceMs: 300_000 });
    expect((await goodLogin()).status).toBe(200);
  });

  it("counts failures on any /auth/* route, but not successes and not refresh failures", async () => {
    for (let i = 0; i < 5; i++) expect((await goodLogin()).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      const r = await call("/v1/auth/refresh", { method: "POST", ip: IP, body: { refreshToken: "nope" } });
      expectError(r, 401, "INVALID_REFRESH_TOKEN");
    }
    expect((await goodLogin()).status).toBe(200);
    expectError(await call("/v1/auth/profile", { ip: IP }), 401, "NO_AUTH_TOKEN");
    expectError(await call("/v1/auth/login", { method: "POST", ip: IP, body: {} }), 400, "MISSING_CREDENTIALS");
    expectError(await badLogin(), 401, "INVALID_CREDENTIALS");
    expect429(await goodLogin());
  });
});

describe("the refresh limiter (30 per minute)", () => {
  it("is what refresh responses show, and refuses the request after it", async () => {
    await clock({ frozen: true });
    const { refreshToken } = await login(USERS.jordan, IP);
    const first = await call("/v1/auth/refresh", { method: "POST", ip: IP, body: { refreshToken } });
    expect(first.status).toBe(200);
    expect(rate(first)).toEqual({ limit: 30, remaining: 29, reset: 60 });

    await configure({ rateLimits: { refresh: { limit: 2, windowMs: 60_000 } } });
    let token: string = first.body.data.refreshToken;
    const second = await call("/v1/auth/refresh", { method: "POST", ip: IP, body: { refreshToken: token } });
    expect(second.status).toBe(200);
    expect(rate(second)).toEqual({ limit: 2, remaining: 0, reset: 60 });
    token = second.body.data.refreshToken;
    const third = await call("/v1/auth/refresh", { method: "POST", ip: IP, body: { refreshToken: token } });
    expect(expect429(third)).toBe(60);
    await clock({ advanceMs: 60_000 });
    const again = await call("/v1/auth/refresh", { method: "POST", ip: IP, body: { refreshToken: token } });
    expect(again.status).toBe(200);
  });
});
