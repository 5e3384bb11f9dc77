import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ApiResult,
  type CallOptions,
  call,
  expectError,
  fixtureKey,
  login,
  resetSandbox,
  USERS,
} from "../support/sandbox-client";

/** Spec §2.1 (and the key rules of §1.2, §1.3): the five API-key operations, and what a managed key can then do. */

const IP = "10.52.0.1";
/** The fixture "now" (Appendix A); reset seeds the fixtures at about this time. */
const FIXTURE_NOW = Date.parse("2026-07-01T16:00:00.000Z");
/** Every test runs on a frozen clock 10 s later, after anything seeded, so new timestamps are exact. */
const NOW = "2026-07-01T16:00:10.000Z";
const DAY = 86_400_000;
const RACHEL = "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b";
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
const RECORD_KEYS = ["created_at", "expires_at", "id", "is_active", "key_preview", "last_used_at", "name", "scopes"];

let token: string;
/** When the fixtures were seeded: Jordan's `createdAt`. */
let seededAt: string;
let full: string;
beforeAll(async () => {
  full = await fixtureKey("full-access");
});
beforeEach(async () => {
  await resetSandbox();
  await call("/__sandbox/clock", { method: "POST", body: { now: NOW, frozen: true } });
  const session = await login(USERS.jordan, IP);
  token = session.accessToken;
  seededAt = session.user.createdAt;
});

const keys = (path = "", opts: CallOptions = {}) => call(`/v1/api-keys${path}`, { ip: IP, token, ...opts });
const list = async (as = token) => {
  const r = await keys("", { token: as });
  expect(r.status).toBe(200);
  return r.body.data as Array<Record<string, any>>;
};
const create = (body: unknown, as = token) => keys("", { method: "POST", body, token: as });
const patchScopes = (id: string, body: unknown, as = token) =>
  keys(`/${id}/scopes`, { method: "PATCH", body, token: as });
const revoke = (id: string, as = token) => keys(`/${id}/revoke`, { method: "PUT", token: as });
const remove = (id: string, as = token) => keys(`/${id}`, { method: "DELETE", token: as });
const withKey = (path: string, key: string, opts: CallOptions = {}) => call(path, { ip: IP, key, ...opts });

async function advance(ms: number): Promise<void> {
  expect((await call("/__sandbox/clock", { method: "POST", body: { advanceMs: ms } })).status).toBe(200);
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Creates a key and returns the 201's data (record + key). */
async function newKey(body: Record<string, unknown>): Promise<Record<string, any>> {
  const r = await create(body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data;
}

function fieldsOf(r: ApiResult): string[] {
  const e = expectError(r, 400, "VALIDATION_ERROR");
  expect(e.message).toBe("Invalid request data");
  for (const d of e.details) expect(d.message, d.field).toBeTypeOf("string");
  return [...new Set<string>(e.details.map((d: { field: string }) => d.field))].sort();
}

function expectScope(r: ApiResult, required: string): void {
  const e = expectError(r, 403, "INSUFFICIENT_SCOPE");
  expect(e.required_scope).toBe(required);
  expect(e.details).toEqual({ required_scope: required });
}

describe("GET /api-keys", () => {
  it("lists the caller's keys as a bare array of records, newest first, previews only", async () => {
    const r = await keys();
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(["data", "success", "timestamp"]);
    const rows = r.body.data;
    expect(Array.isArray(rows)).toBe(true);
    // Seeded together, so ties go newest-inserted first.
    expect(rows.map((k: { name: string }) => k.name)).toEqual([
      "revoked",
      "expired",
      "no-scopes",
      "escrow-digest",
      "lead-capture",
      "full-access",
    ]);
    for (const row of rows) {
      expect(Object.keys(row).sort(), row.name).toEqual(RECORD_KEYS);
      const key = await fixtureKey(row.name);
      expect(row.key_preview, row.name).toBe(`${key.slice(0, 8)}...${key.slice(-4)}`);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row.created_at).toBe(seededAt);
      expect(row.last_used_at).toBeNull();
    }
    expect(Date.parse(seededAt) - FIXTURE_NOW).toBeGreaterThanOrEqual(0);
    expect(Date.parse(seededAt) - FIXTURE_NOW).toBeLessThan(5_000);
    const byName = Object.fromEntries(rows.map((k: { name: string }) => [k.name, k]));
    expect(byName["full-access"]).toMatchObject({ scopes: { all: ["read", "write", "delete"] }, is_active: true });
    expect(byName["lead-capture"]).toMatchObject({ scopes: { leads: ["read", "write"] }, expires_at: null });
    expect(byName["escrow-digest"].scopes).toEqual({ escrows: ["read"] });
    expect(byName["no-scopes"].scopes).toEqual({});
    expect(byName.expired.expires_at).toBe("2026-06-01T00:00:00.000Z");
    expect(byName.revoked.is_active).toBe(false);
    // Never the key, never its hash.
    const text = JSON.stringify(r.body);
    for (const name of ["full-access", "lead-capture", "revoked"]) {
      const key = await fixtureKey(name);
      expect(text).not.toContain(key);
      expect(text).not.toContain(await sha256Hex(key));
    }
    expect(text).not.toMatch(/key_hash|"key"/);
  });

  it("records when a key was last used, by the sandbox clock", async () => {
    await advance(90_000);
    expect((await withKey("/v1/leads?limit=1", full)).status).toBe(200);
    const row = (await list()).find((k) => k.name === "full-access");
    expect(row?.last_used_at).toBe(new Date(Date.parse(NOW) + 90_000).toISOString());
  });

  it("shows each user only their own keys", async () => {
    const maria = (await login(USERS.maria, IP)).accessToken;
    expect(await list(maria)).toEqual([]);
    const mine = await newKey({ name: "Jordan's", scopes: { leads: ["read"] } });
    expect(await list(maria)).toEqual([]);
    expect((await list()).map((k) => k.id)).toContain(mine.id);
  });
});

describe("POST /api-keys", () => {
  it("answers 201 with the record plus the 64-hex key, shown this once", async () => {
    const r = await create({ name: "  Website form ", expiresInDays: 30, scopes: { leads: ["read", "write"] } });
    expect(r.status).toBe(201);
    const d = r.body.data;
    expect(Object.keys(d).sort()).toEqual([...RECORD_KEYS, "key"].sort());
    expect(d.key).toMatch(/^[0-9a-f]{64}$/);
    expect(d).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "Website form",
      key: d.key,
      key_preview: `${d.key.slice(0, 8)}...${d.key.slice(-4)}`,
      scopes: { leads: ["read", "write"] },
      is_active: true,
      created_at: NOW,
      last_used_at: null,
      expires_at: new Date(Date.parse(NOW) + 30 * DAY).toISOString(),
    });
    // Newest first, and from now on only the preview.
    const rows = await list();
    expect(rows[0]).toEqual({
      id: d.id,
      name: d.name,
      key_preview: d.key_preview,
      scopes: d.scopes,
      is_active: true,
      created_at: NOW,
      last_used_at: null,
      expires_at: d.expires_at,
    });
    const text = JSON.stringify(rows);
    expect(text).not.toContain(d.key);
    expect(text).not.toContain(await sha256Hex(d.key));
  });

  it("gives every key a new value", async () => {
    const a = await newKey({ name: "A" });
    const b = await newKey({ name: "A" });
    expect(a.key).not.toBe(b.key);
    expect(a.id).not.toBe(b.id);
  });

  it("makes a key that works within its scopes, as its owner, and gets 403 INSUFFICIENT_SCOPE outside them", async () => {
    const { key } = await newKey({ name: "Leads rw", scopes: { leads: ["read", "write"] } });
    const read = await withKey("/v1/leads?limit=1", key);
    expect(read.status).toBe(200);
    expect(read.body.data.meta.total).toBe(60);
    expect((await withKey(`/v1/leads/${RACHEL}`, key)).body.data.name).toBe("Rachel Kim");
    const created = await withKey("/v1/leads", key, { method: "POST", body: { name: "From the new key" } });
    expect(created.status).toBe(201);
    // The key acts as Jordan: his JWT sees the lead it wrote.
    const asJordan = await call(`/v1/leads/${created.body.data.id}`, { ip: IP, token });
    expect(asJordan.body.data.name).toBe("From the new key");
    const put = await withKey(`/v1/leads/${RACHEL}`, key, { method: "PUT", body: { notes: "Called back" } });
    expect(put.status).toBe(200);

    expectScope(await withKey(`/v1/leads/${RACHEL}`, key, { method: "DELETE" }), "leads:delete");
    expectScope(await withKey("/v1/escrows", key), "escrows:read");
    expectScope(await withKey("/v1/clients", key), "clients:read");
    // Rachel is still there.
    expect((await withKey(`/v1/leads/${RACHEL}`, key)).status).toBe(200);
  });

  it("lower-cases and de-duplicates actions, and accepts the all wildcard and any lowercase resource", async () => {
    const d = await newKey({ name: "Mixed", scopes: { leads: ["READ", "read", "Write"], "open-houses": ["read"] } });
    expect(d.scopes).toEqual({ leads: ["read", "write"], "open-houses": ["read"] });
    const all = await newKey({ name: "Read all", scopes: { all: ["read"] } });
    expect((await withKey("/v1/escrows?limit=1", all.key)).status).toBe(200);
    expect((await withKey("/v1/appointments?limit=1", all.key)).status).toBe(200);
    expectScope(await withKey("/v1/leads", all.key, { method: "POST", body: { name: "X" } }), "leads:write");
  });

  it("gives a key created without scopes no access, and one without expiresInDays no expiry", async () => {
    for (const body of [{ name: "Bare" }, { name: "Null", scopes: null }, { name: "Empty", scopes: {} }]) {
      const d = await newKey(body);
      expect(d.scopes, body.name).toEqual({});
      expect(d.expires_at, body.name).toBeNull();
      expectScope(await withKey("/v1/leads", d.key), "leads:read");
      expectScope(await withKey("/v1/escrows", d.key), "escrows:read");
    }
  });

  it("expires the key after expiresInDays, by the sandbox clock", async () => {
    const { key, expires_at } = await newKey({ name: "One day", expiresInDays: 1, scopes: { leads: ["read"] } });
    expect(expires_at).toBe(new Date(Date.parse(NOW) + DAY).toISOString());
    const year = await newKey({ name: "Max", expiresInDays: 365 });
    expect(year.expires_at).toBe(new Date(Date.parse(NOW) + 365 * DAY).toISOString());
    await advance(DAY - 1_000);
    expect((await withKey("/v1/leads?limit=1", key)).status).toBe(200);
    await advance(1_000);
    expectError(await withKey("/v1/leads?limit=1", key), 401, "API_KEY_EXPIRED");
  });

  it("validates name, expiresInDays and scopes, reporting every problem at once", async () => {
    const r = await create({ name: "   ", expiresInDays: 0, scopes: { leads: ["fly"] } });
    expect(fieldsOf(r)).toEqual(["expiresInDays", "name", "scopes.leads.0"]);
    expect(fieldsOf(await create({}))).toEqual(["name"]);
    expect(fieldsOf(await create({ name: "x".repeat(101) }))).toEqual(["name"]);
    for (const expiresInDays of [0, 366, 1.5, -3, "30", true]) {
      expect(fieldsOf(await create({ name: "K", expiresInDays })), String(expiresInDays)).toEqual(["expiresInDays"]);
    }
  });

  it("refuses scopes that are not a resource → actions object (a string array is invalid)", async () => {
    const cases: [unknown, string][] = [
      [["leads:read", "leads:write"], "scopes"],
      ["all", "scopes"],
      [{ leads: "read" }, "scopes.leads"],
      [{ leads: ["read", "admin"] }, "scopes.leads.1"],
      [{ leads: [1] }, "scopes.leads.0"],
    ];
    for (const [scopes, field] of cases) {
      const r = await create({ name: "Bad", scopes });
      expect(fieldsOf(r), JSON.stringify(scopes)).toEqual([field]);
    }
    // A resource name must be lowercase.
    const upper = await create({ name: "Bad", scopes: { Leads: ["read"] } });
    expect(fieldsOf(upper)).toEqual(["scopes.Leads"]);
    // Nothing was created by the refused calls.
    expect(await list()).toHaveLength(6);
  });

  it("refuses a waitlisted user with 403 ACCOUNT_NOT_ACTIVE, before validation", async () => {
    const sam = (await login(USERS.sam, IP)).accessToken;
    const e = expectError(
      await create({ name: "Sam's key", scopes: { leads: ["read"] } }, sam),
      403,
      "ACCOUNT_NOT_ACTIVE",
    );
    expect(e.message).toBeTypeOf("string");
    expectError(await create({}, sam), 403, "ACCOUNT_NOT_ACTIVE");
    expectError(await keys("", { token: sam }), 403, "ACCOUNT_NOT_ACTIVE");
  });
});

describe("PATCH /api-keys/{id}/scopes", () => {
  it("replaces the whole scopes map, and the key can then do exactly the new things", async () => {
    const d = await newKey({ name: "Narrow", expiresInDays: 10, scopes: { leads: ["read", "write"] } });
    expectScope(await withKey("/v1/escrows", d.key), "escrows:read");
    await advance(60_000);

    const r = await patchScopes(d.id, { scopes: { escrows: ["read"], listings: ["READ"] } });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({
      id: d.id,
      name: "Narrow",
      key_preview: d.key_preview,
      scopes: { escrows: ["read"], listings: ["read"] },
      is_active: true,
      created_at: NOW,
      // The refused call above still used the key (it authenticated; only the scope failed).
      last_used_at: NOW,
      expires_at: d.expires_at,
    });
    expect((await withKey("/v1/escrows?limit=1", d.key)).status).toBe(200);
    expect((await withKey("/v1/listings?limit=1", d.key)).status).toBe(200);
    // Replaced, not merged: leads are gone.
    expectScope(await withKey("/v1/leads", d.key), "leads:read");
    expect((await list()).find((k) => k.id === d.id)?.scopes).toEqual({ escrows: ["read"], listings: ["read"] });

    // {} takes everything away.
    expect((await patchScopes(d.id, { scopes: {} })).body.data.scopes).toEqual({});
    expectScope(await withKey("/v1/escrows", d.key), "escrows:read");
  });

  it("changes the fixture keys too", async () => {
    const capture = await fixtureKey("lead-capture");
    const id = (await list()).find((k) => k.name === "lead-capture")?.id;
    expectScope(await withKey(`/v1/leads/${RACHEL}`, capture, { method: "DELETE" }), "leads:delete");
    await patchScopes(String(id), { scopes: { leads: ["read", "write", "delete"] } });
    expect((await withKey(`/v1/leads/${RACHEL}`, capture, { method: "DELETE" })).status).toBe(200);
  });

  it("validates the body with details", async () => {
    const d = await newKey({ name: "K", scopes: { leads: ["read"] } });
    expect(fieldsOf(await patchScopes(d.id, {}))).toEqual(["scopes"]);
    expect(fieldsOf(await patchScopes(d.id, { scopes: null }))).toEqual(["scopes"]);
    expect(fieldsOf(await patchScopes(d.id, { scopes: ["leads:read"] }))).toEqual(["scopes"]);
    expect(fieldsOf(await patchScopes(d.id, { scopes: { leads: ["read", "fly"] } }))).toEqual(["scopes.leads.1"]);
    // Unchanged.
    expect((await withKey("/v1/leads?limit=1", d.key)).status).toBe(200);
  });

  it("answers 404 for an unknown id or someone else's key", async () => {
    const d = await newKey({ name: "K", scopes: { leads: ["read"] } });
    expectError(await patchScopes(UNKNOWN_ID, { scopes: {} }), 404, "NOT_FOUND");
    expectError(await patchScopes("not-a-uuid", { scopes: {} }), 404, "NOT_FOUND");
    // Validation comes before the lookup (spec §4.2).
    expect(fieldsOf(await patchScopes(UNKNOWN_ID, { scopes: "all" }))).toEqual(["scopes"]);
    const maria = (await login(USERS.maria, IP)).accessToken;
    expectError(await patchScopes(d.id, { scopes: { all: ["read", "write", "delete"] } }, maria), 404, "NOT_FOUND");
    expect((await list()).find((k) => k.id === d.id)?.scopes).toEqual({ leads: ["read"] });
  });
});

describe("PUT /api-keys/{id}/revoke", () => {
  it("sets is_active false and answers the record; the key then gets 401 API_KEY_DEACTIVATED", async () => {
    const d = await newKey({ name: "Soon revoked", scopes: { leads: ["read"] } });
    expect((await withKey("/v1/leads?limit=1", d.key)).status).toBe(200);
    const r = await revoke(d.id);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({
      id: d.id,
      name: "Soon revoked",
      key_preview: d.key_preview,
      scopes: { leads: ["read"] },
      is_active: false,
      created_at: NOW,
      last_used_at: NOW,
      expires_at: null,
    });
    const e = expectError(await withKey("/v1/leads?limit=1", d.key), 401, "API_KEY_DEACTIVATED");
    expect(e.message).toMatch(/deactivated/i);
    // Still listed, as inactive.
    expect((await list()).find((k) => k.id === d.id)?.is_active).toBe(false);
  });

  it("is idempotent, and a scope change does not bring the key back", async () => {
    const d = await newKey({ name: "K", scopes: { leads: ["read"] } });
    expect((await revoke(d.id)).status).toBe(200);
    const again = await revoke(d.id);
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ id: d.id, is_active: false });
    expect((await patchScopes(d.id, { scopes: { all: ["read"] } })).body.data.is_active).toBe(false);
    expectError(await withKey("/v1/leads?limit=1", d.key), 401, "API_KEY_DEACTIVATED");
  });

  it("answers 404 for an unknown id or someone else's key, which keeps working", async () => {
    expectError(await revoke(UNKNOWN_ID), 404, "NOT_FOUND");
    const maria = (await login(USERS.maria, IP)).accessToken;
    const id = (await list()).find((k) => k.name === "full-access")?.id;
    expectError(await revoke(String(id), maria), 404, "NOT_FOUND");
    expect((await withKey("/v1/leads?limit=1", full)).status).toBe(200);
  });
});

describe("DELETE /api-keys/{id}", () => {
  it("deletes for good: answers {id}, the key leaves the list and then gets 401 INVALID_API_KEY", async () => {
    const d = await newKey({ name: "Soon deleted", scopes: { leads: ["read"] } });
    const r = await remove(d.id);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ id: d.id });
    expect((await list()).map((k) => k.id)).not.toContain(d.id);
    expectError(await withKey("/v1/leads?limit=1", d.key), 401, "INVALID_API_KEY");
    expectError(await remove(d.id), 404, "NOT_FOUND");
    expectError(await revoke(d.id), 404, "NOT_FOUND");
    expectError(await patchScopes(d.id, { scopes: {} }), 404, "NOT_FOUND");
  });

  it("deletes a revoked key too, which then counts as unknown", async () => {
    const revokedKey = await fixtureKey("revoked");
    const id = (await list()).find((k) => k.name === "revoked")?.id;
    expectError(await withKey("/v1/leads", revokedKey), 401, "API_KEY_DEACTIVATED");
    expect((await remove(String(id))).status).toBe(200);
    expectError(await withKey("/v1/leads", revokedKey), 401, "INVALID_API_KEY");
    expect(await list()).toHaveLength(5);
  });

  it("answers 404 for an unknown id or someone else's key", async () => {
    expectError(await remove(UNKNOWN_ID), 404, "NOT_FOUND");
    const maria = (await login(USERS.maria, IP)).accessToken;
    const id = (await list()).find((k) => k.name === "full-access")?.id;
    expectError(await remove(String(id), maria), 404, "NOT_FOUND");
    expect(await list()).toHaveLength(6);
    expect((await withKey("/v1/leads?limit=1", full)).status).toBe(200);
  });
});
