import { beforeEach, describe, expect, it } from "vitest";
import { call, expectError, fixtureKey, login, resetSandbox, USERS } from "../support/sandbox-client";

const IP = "10.52.0.1";
let token: string;

beforeEach(async () => {
  await resetSandbox();
  token = (await login(USERS.jordan, IP)).accessToken;
});

const keys = (path = "", opts: Parameters<typeof call>[1] = {}) =>
  call(`/v1/api-keys${path}`, { ip: IP, token, ...opts });
const create = (body: unknown) => keys("", { method: "POST", body });
const withKey = (path: string, key: string, opts: Parameters<typeof call>[1] = {}) =>
  call(path, { ip: IP, key, ...opts });

describe("API keys", () => {
  it("lists the caller's keys newest first as a bare array, with previews only", async () => {
    const r = await keys();
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body.data)).toBe(true);
    expect(r.body.data.map((k: { name: string }) => k.name).sort()).toEqual(
      ["escrow-digest", "expired", "full-access", "lead-capture", "no-scopes", "revoked"].sort(),
    );
    const full = await fixtureKey("full-access");
    const row = r.body.data.find((k: { name: string }) => k.name === "full-access");
    expect(Object.keys(row).sort()).toEqual(
      ["created_at", "expires_at", "id", "is_active", "key_preview", "last_used_at", "name", "scopes"].sort(),
    );
    expect(row.key_preview).toBe(`${full.slice(0, 8)}...${full.slice(-4)}`);
    expect(JSON.stringify(r.body)).not.toContain(full);
    expect(row.scopes).toEqual({ all: ["read", "write", "delete"] });
  });

  it("creates a key shown once, 64 lowercase hex, that works within its scopes only", async () => {
    const r = await create({ name: "Website form", expiresInDays: 30, scopes: { leads: ["read", "write"] } });
    expect(r.status).toBe(201);
    const key: string = r.body.data.key;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(r.body.data).toMatchObject({
      name: "Website form",
      is_active: true,
      key_preview: `${key.slice(0, 8)}...${key.slice(-4)}`,
    });
    const now = Date.parse(r.body.timestamp);
    expect(Date.parse(r.body.data.expires_at) - now).toBeGreaterThan(29.9 * 86_400_000);
    expect(Date.parse(r.body.data.expires_at) - now).toBeLessThanOrEqual(30 * 86_400_000);
    expect(JSON.stringify((await keys()).body)).not.toContain(key);

    expect((await withKey("/v1/leads?limit=1", key)).status).toBe(200);
    expect((await withKey("/v1/leads", key, { method: "POST", body: { name: "From the new key" } })).status).toBe(201);
    expectError(await withKey("/v1/escrows", key), 403, "INSUFFICIENT_SCOPE");
    const lead = (await withKey("/v1/leads?limit=1", key)).body.data.leads[0];
    expectError(await withKey(`/v1/leads/${lead.id}`, key, { method: "DELETE" }), 403, "INSUFFICIENT_SCOPE");
    // Used keys record when.
    const listed = (await keys()).body.data.find((k: { id: string }) => k.id === r.body.data.id);
    expect(listed.last_used_at).not.toBeNull();
  });

  it("creates a key without access when scopes are omitted, never expiring when expiresInDays is", async () => {
    const r = await create({ name: "Bare" });
    expect(r.body.data).toMatchObject({ scopes: {}, expires_at: null });
    expectError(await withKey("/v1/leads", r.body.data.key), 403, "INSUFFICIENT_SCOPE");
  });

  it("validates name, expiresInDays and scopes, all at once", async () => {
    const e = expectError(
      await create({ expiresInDays: 400, scopes: { leads: ["fly"], "not a group": ["read"] } }),
      400,
      "VALIDATION_ERROR",
    );
    const fields: string[] = e.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["name", "expiresInDays"]));
    expect(fields.some((f) => f.startsWith("scopes"))).toBe(true);
  });

  it("replaces the scopes map with PATCH", async () => {
    const r = await create({ name: "Narrow", scopes: { leads: ["read"] } });
    const key = r.body.data.key;
    expectError(await withKey("/v1/escrows", key), 403, "INSUFFICIENT_SCOPE");
    const p = await keys(`/${r.body.data.id}/scopes`, { method: "PATCH", body: { scopes: { escrows: ["read"] } } });
    expect(p.status).toBe(200);
    expect(p.body.data.scopes).toEqual({ escrows: ["read"] });
    expect((await withKey("/v1/escrows?limit=1", key)).status).toBe(200);
    expectError(await withKey("/v1/leads", key), 403, "INSUFFICIENT_SCOPE");
    expectError(await keys(`/${r.body.data.id}/scopes`, { method: "PATCH", body: {} }), 400, "VALIDATION_ERROR");
    expectError(
      await keys("/00000000-0000-4000-8000-000000000000/scopes", { method: "PATCH", body: { scopes: {} } }),
      404,
      "NOT_FOUND",
    );
  });

  it("revokes a key (idempotently): it then gets 401 API_KEY_DEACTIVATED", async () => {
    const r = await create({ name: "Soon revoked", scopes: { leads: ["read"] } });
    const first = await keys(`/${r.body.data.id}/revoke`, { method: "PUT" });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ id: r.body.data.id, is_active: false });
    expect((await keys(`/${r.body.data.id}/revoke`, { method: "PUT" })).status).toBe(200);
    expectError(await withKey("/v1/leads", r.body.data.key), 401, "API_KEY_DEACTIVATED");
  });

  it("deletes a key for good: it is gone from the list and gets 401 INVALID_API_KEY", async () => {
    const r = await create({ name: "Soon deleted", scopes: { leads: ["read"] } });
    const d = await keys(`/${r.body.data.id}`, { method: "DELETE" });
    expect(d.status).toBe(200);
    expect(d.body.data).toEqual({ id: r.body.data.id });
    expect((await keys()).body.data.some((k: { id: string }) => k.id === r.body.data.id)).toBe(false);
    expectError(await withKey("/v1/leads", r.body.data.key), 401, "INVALID_API_KEY");
    expectError(await keys(`/${r.body.data.id}`, { method: "DELETE" }), 404, "NOT_FOUND");
  });

  it("only ever shows and changes the caller's own keys", async () => {
    const maria = (await login(USERS.maria, IP)).accessToken;
    expect((await keys("", { token: maria })).body.data).toEqual([]);
    const jordans = (await keys()).body.data[0];
    expectError(await keys(`/${jordans.id}/revoke`, { method: "PUT", token: maria }), 404, "NOT_FOUND");
  });

  it("refuses key creation to a waitlisted account", async () => {
    const sam = (await login(USERS.sam, IP)).accessToken;
    expectError(await keys("", { method: "POST", token: sam, body: { name: "Nope" } }), 403, "ACCOUNT_NOT_ACTIVE");
  });
});
