import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, expectError, fixtureKey, login, resetSandbox, USERS } from "../support/sandbox-client";

/** Spec §1.2, §1.3, §1.6: who gets 401 and who gets 403, with the exact codes. */

const IP = "10.61.0.1";
const RACHEL = "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b";
/** A well-formed key (64 lowercase hex) that no fixture has. */
const UNKNOWN_KEY = "0".repeat(64);

let full: string;
let leadCapture: string;
beforeAll(async () => {
  full = await fixtureKey("full-access");
  leadCapture = await fixtureKey("lead-capture");
});
beforeEach(resetSandbox);

const get = (path: string, opts: { key?: string; token?: string; headers?: Record<string, string> } = {}) =>
  call(path, { ip: IP, ...opts });

async function jordanToken(): Promise<string> {
  return (await login(USERS.jordan, IP)).accessToken;
}

async function advanceClock(ms: number): Promise<void> {
  const r = await call("/__sandbox/clock", { method: "POST", body: { advanceMs: ms } });
  expect(r.status).toBe(200);
}

/** Replaces the signature of a JWT with another valid-looking one. */
function forgeSignature(token: string): string {
  const [header, payload] = token.split(".");
  return `${header}.${payload}.${"A".repeat(43)}`;
}

describe("key-or-JWT group (/v1/leads)", () => {
  it("answers a call without credentials with 401 NO_AUTH_TOKEN", async () => {
    const e = expectError(await get("/v1/leads"), 401, "NO_AUTH_TOKEN");
    expect(e.message).toBe("No authentication token provided");
    expectError(await get("/v1/leads", { headers: { Authorization: "Basic am9yZGFuOnB3" } }), 401, "NO_AUTH_TOKEN");
    expectError(await get("/v1/leads", { headers: { Authorization: "Bearer " } }), 401, "NO_AUTH_TOKEN");
  });

  it("refuses malformed and unknown keys with 401 INVALID_API_KEY", async () => {
    expectError(await get("/v1/leads", { key: "not-a-key" }), 401, "INVALID_API_KEY");
    expectError(await get("/v1/leads", { key: UNKNOWN_KEY }), 401, "INVALID_API_KEY");
    // The key is compared exactly: the right key in upper case is another key.
    expectError(await get("/v1/leads", { key: full.toUpperCase() }), 401, "INVALID_API_KEY");
  });

  it("accepts the key in X-API-Key and in API-Key", async () => {
    expect((await get("/v1/leads", { key: full })).status).toBe(200);
    expect((await get("/v1/leads", { headers: { "API-Key": full } })).status).toBe(200);
  });

  it("refuses the expired fixture key with 401 API_KEY_EXPIRED, by the sandbox clock", async () => {
    const expired = await fixtureKey("expired");
    expectError(await get("/v1/leads", { key: expired }), 401, "API_KEY_EXPIRED");
    // Before its expiry (2026-06-01) the same key works: expiry follows the sandbox clock.
    await call("/__sandbox/clock", { method: "POST", body: { now: "2026-05-15T12:00:00.000Z" } });
    expect((await get("/v1/leads", { key: expired })).status).toBe(200);
  });

  it("refuses the revoked fixture key with 401 API_KEY_DEACTIVATED", async () => {
    const e = expectError(await get("/v1/leads", { key: await fixtureKey("revoked") }), 401, "API_KEY_DEACTIVATED");
    expect(e.message).toMatch(/deactivated/i);
  });

  it("gives the no-scopes key 403 INSUFFICIENT_SCOPE for every method, naming the scope", async () => {
    const none = await fixtureKey("no-scopes");
    const cases: [string, string, string][] = [
      ["GET", "/v1/leads", "leads:read"],
      ["GET", `/v1/leads/${RACHEL}`, "leads:read"],
      ["POST", "/v1/leads", "leads:write"],
      ["PUT", `/v1/leads/${RACHEL}`, "leads:write"],
      ["DELETE", `/v1/leads/${RACHEL}`, "leads:delete"],
      ["GET", "/v1/clients", "clients:read"],
      ["GET", "/v1/listings", "listings:read"],
      ["GET", "/v1/appointments", "appointments:read"],
      ["GET", "/v1/escrows", "escrows:read"],
    ];
    for (const [method, path, scope] of cases) {
      const body = method === "GET" || method === "DELETE" ? undefined : { name: "X" };
      const e = expectError(await call(path, { method, key: none, ip: IP, body }), 403, "INSUFFICIENT_SCOPE");
      expect(e.required_scope, `${method} ${path}`).toBe(scope);
      expect(e.details).toEqual({ required_scope: scope });
    }
    // Nothing was written through the refused calls.
    expect((await get(`/v1/leads/${RACHEL}`, { key: full })).body.data.name).toBe("Rachel Kim");
  });

  it("gives the lead-capture key 403 on escrows and other groups, and access to leads", async () => {
    const e = expectError(await get("/v1/escrows", { key: leadCapture }), 403, "INSUFFICIENT_SCOPE");
    expect(e.required_scope).toBe("escrows:read");
    expectError(await get("/v1/clients", { key: leadCapture }), 403, "INSUFFICIENT_SCOPE");
    expect((await get("/v1/leads", { key: leadCapture })).status).toBe(200);
    // leads:read+write does not include delete (spec §1.3 mapping).
    const del = await call(`/v1/leads/${RACHEL}`, { method: "DELETE", key: leadCapture, ip: IP });
    expect(expectError(del, 403, "INSUFFICIENT_SCOPE").required_scope).toBe("leads:delete");
  });

  it("uses the key when both are sent: a bad key fails beside a valid JWT, a good key ignores a bad JWT", async () => {
    const token = await jordanToken();
    expectError(await get("/v1/leads", { key: UNKNOWN_KEY, token }), 401, "INVALID_API_KEY");
    expectError(await get("/v1/leads", { key: await fixtureKey("no-scopes"), token }), 403, "INSUFFICIENT_SCOPE");
    expect((await get("/v1/leads", { key: full, token: "garbage" })).status).toBe(200);
  });

  it("accepts a JWT, and refuses bad ones with 401 INVALID_TOKEN", async () => {
    const token = await jordanToken();
    expect((await get("/v1/leads", { token })).status).toBe(200);
    expectError(await get("/v1/leads", { token: "not.a.jwt" }), 401, "INVALID_TOKEN");
    expectError(await get("/v1/leads", { token: "garbage" }), 401, "INVALID_TOKEN");
    expectError(await get("/v1/leads", { token: forgeSignature(token) }), 401, "INVALID_TOKEN");
  });

  it("refuses an access token after its 15 minutes with 401 TOKEN_EXPIRED", async () => {
    const token = await jordanToken();
    await advanceClock(14 * 60_000);
    expect((await get("/v1/leads", { token })).status).toBe(200);
    await advanceClock(61_000);
    expectError(await get("/v1/leads", { token }), 401, "TOKEN_EXPIRED");
  });

  it("refuses a token issued before a reset (the signing secret changes) with 401 INVALID_TOKEN", async () => {
    const token = await jordanToken();
    await resetSandbox();
    expectError(await get("/v1/leads", { token }), 401, "INVALID_TOKEN");
  });

  it("gives the waitlisted user 403 ACCOUNT_NOT_ACTIVE outside /auth", async () => {
    const { accessToken: sam } = await login(USERS.sam, IP);
    expectError(await get("/v1/leads", { token: sam }), 403, "ACCOUNT_NOT_ACTIVE");
    expectError(await get("/v1/contacts", { token: sam }), 403, "ACCOUNT_NOT_ACTIVE");
    const create = await call("/v1/api-keys", { method: "POST", token: sam, ip: IP, body: { name: "k" } });
    expectError(create, 403, "ACCOUNT_NOT_ACTIVE");
    // The JWT still reaches /auth/*.
    const profile = await get("/v1/auth/profile", { token: sam });
    expect(profile.status).toBe(200);
    expect(profile.body.data.user.email).toBe(USERS.sam);
  });
});

describe("JWT-only group (/v1/contacts, /v1/api-keys)", () => {
  it("answers a key with 401 NO_AUTH_TOKEN: the key header is ignored", async () => {
    for (const path of ["/v1/contacts", "/v1/api-keys", "/v1/webhooks", "/v1/billing/subscription"]) {
      expectError(await get(path), 401, "NO_AUTH_TOKEN");
      const e = expectError(await get(path, { key: full }), 401, "NO_AUTH_TOKEN");
      expect(e.message).toBe("No authentication token provided");
    }
  });

  it("serves a JWT even beside a bad key", async () => {
    const token = await jordanToken();
    expect((await get("/v1/contacts", { token })).status).toBe(200);
    expect((await get("/v1/contacts", { token, key: UNKNOWN_KEY })).status).toBe(200);
  });

  it("refuses bad and expired tokens", async () => {
    const token = await jordanToken();
    expectError(await get("/v1/api-keys", { token: forgeSignature(token) }), 401, "INVALID_TOKEN");
    await advanceClock(15 * 60_000 + 1_000);
    expectError(await get("/v1/api-keys", { token }), 401, "TOKEN_EXPIRED");
  });

  it("answers a wrong role with 403 FORBIDDEN, not 401", async () => {
    const token = await jordanToken();
    expectError(await get("/v1/webhooks", { token }), 403, "FORBIDDEN");
  });
});

describe("check order (spec §4.2)", () => {
  it("puts the route (404) before auth (401) and scope (403)", async () => {
    const none = await fixtureKey("no-scopes");
    for (const opts of [{}, { key: UNKNOWN_KEY }, { key: none }]) {
      expectError(await get("/v1/no-such-group", opts), 404, "NOT_FOUND");
      expectError(await get(`/v1/leads/${RACHEL}/no-such-action`, opts), 404, "NOT_FOUND");
      expectError(await call("/v1/leads", { method: "PATCH", ip: IP, ...opts }), 404, "NOT_FOUND");
    }
  });

  it("puts auth (401) before account state and scope (403)", async () => {
    // An expired key of a key-capable group is 401 even on an operation its scopes would not cover.
    expectError(await get("/v1/escrows", { key: await fixtureKey("expired") }), 401, "API_KEY_EXPIRED");
  });
});
