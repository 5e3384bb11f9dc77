import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, expectError, fixtureKey, login, resetSandbox, USERS } from "../support/sandbox-client";

const IP = "10.20.1.1";
const TORRES = "a3f8c1d2-6b4e-4a9f-8d27-95c0e3b1f684";
let full: string;
beforeAll(async () => {
  full = await fixtureKey("full-access");
});
beforeEach(resetSandbox);

const api = (path: string, opts: Parameters<typeof call>[1] = {}) => call(path, { key: full, ip: IP, ...opts });
const fields = (e: { details: Array<{ field: string }> }) => e.details.map((d) => d.field).sort();

describe("clients", () => {
  it("lists the seeded clients newest first, paginated, with Appendix A's Michael Torres", async () => {
    const r = await api("/v1/clients");
    expect(r.status).toBe(200);
    expect(r.body.data.meta).toEqual({ page: 1, limit: 25, total: 30, totalPages: 2, hasMore: true });
    expect(r.body.data.clients).toHaveLength(25);
    expect(r.body.data.clients[0]).toMatchObject({
      id: TORRES,
      first_name: "Michael",
      last_name: "Torres",
      client_type: "buyer",
      status: "active",
      source: "Zillow",
      budget_min: 350000,
      budget_max: 475000,
      phone: "(661) 555-0142",
      version: 1,
    });
    const created = r.body.data.clients.map((c: { created_at: string }) => c.created_at);
    expect([...created].sort().reverse()).toEqual(created);
    const second = await api("/v1/clients?page=2");
    expect(second.body.data.clients).toHaveLength(5);
    expect(second.body.data.meta.hasMore).toBe(false);
  });

  it("filters by client_type and status, case-insensitively; bad filters are 400", async () => {
    const sellers = await api("/v1/clients?client_type=SELLER&limit=100");
    expect(sellers.body.data.clients.length).toBeGreaterThan(0);
    expect(sellers.body.data.clients.every((c: { client_type: string }) => c.client_type === "seller")).toBe(true);
    expect(sellers.body.data.clients.some((c: { last_name: string }) => c.last_name === "Park")).toBe(true);
    const closed = await api("/v1/clients?status=closed&limit=100");
    expect(closed.body.data.meta.total).toBe(closed.body.data.clients.length);
    expect(closed.body.data.clients.every((c: { status: string }) => c.status === "closed")).toBe(true);
    expect(fields(expectError(await api("/v1/clients?client_type=renter"), 400, "VALIDATION_ERROR"))).toEqual([
      "client_type",
    ]);
    expectError(await api("/v1/clients?limit=0"), 400, "VALIDATION_ERROR");
  });

  it("creates a client with defaults; unknown fields ignored, enums lower-cased", async () => {
    const r = await api("/v1/clients", {
      method: "POST",
      body: {
        first_name: " Nina ",
        last_name: "Okafor",
        client_type: "Both",
        email: "Nina.Okafor@Example.com",
        budget_min: 200000,
        budget_max: "300000",
        property_preferences: { bedrooms_min: 3, property_types: ["condo"] },
        bogus: true,
        id: "nope",
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({
      first_name: "Nina",
      last_name: "Okafor",
      client_type: "both",
      status: "active",
      email: "nina.okafor@example.com",
      phone: null,
      source: null,
      budget_min: 200000,
      budget_max: 300000,
      property_preferences: { bedrooms_min: 3, bathrooms_min: null, square_feet_min: null, property_types: ["condo"] },
      preferred_locations: [],
      pre_approved: false,
      pre_approval_amount: null,
      notes: null,
      tags: [],
      version: 1,
    });
    expect(r.body.data.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.body.data).not.toHaveProperty("bogus");
    const got = await api(`/v1/clients/${r.body.data.id}`);
    expect(got.body.data).toEqual(r.body.data);
    expect((await api("/v1/clients")).body.data.meta.total).toBe(31);
  });

  it("reports every validation problem at once", async () => {
    const e = expectError(
      await api("/v1/clients", { method: "POST", body: { email: "x@", budget_min: -1, status: "gone", tags: "a" } }),
      400,
      "VALIDATION_ERROR",
    );
    expect(e.message).toBe("Invalid request data");
    expect(fields(e)).toEqual(["budget_min", "client_type", "email", "first_name", "last_name", "status", "tags"]);
    expect(e.details.find((d: { field: string }) => d.field === "client_type").message).toBe("Client type is required");
  });

  it("rejects budget_min above budget_max, on create and against the stored record on update", async () => {
    const bad = await api("/v1/clients", {
      method: "POST",
      body: { first_name: "A", last_name: "B", client_type: "buyer", budget_min: 500000, budget_max: 400000 },
    });
    expect(fields(expectError(bad, 400, "VALIDATION_ERROR"))).toEqual(["budget_min"]);
    const put = await api(`/v1/clients/${TORRES}`, { method: "PUT", body: { budget_min: 480000 } });
    expect(fields(expectError(put, 400, "VALIDATION_ERROR"))).toEqual(["budget_min"]);
  });

  it("refuses an email already on one of the caller's clients or contacts, case-insensitively", async () => {
    const dup = await api("/v1/clients", {
      method: "POST",
      body: { first_name: "Mike", last_name: "Torres", client_type: "buyer", email: "MICHAEL.TORRES@example.com" },
    });
    expectError(dup, 409, "DUPLICATE_EMAIL");
    const { accessToken } = await login(USERS.jordan, IP);
    const contacts = await call("/v1/contacts?limit=1", { token: accessToken, ip: IP });
    const contactEmail = contacts.body.data.contacts[0].email as string;
    const dup2 = await api("/v1/clients", {
      method: "POST",
      body: { first_name: "C", last_name: "D", client_type: "seller", email: contactEmail.toUpperCase() },
    });
    expectError(dup2, 409, "DUPLICATE_EMAIL");
    // Maria's own book has no such client, so she may create one with that address.
    const maria = await login(USERS.maria, IP);
    const hers = await call("/v1/clients", {
      method: "POST",
      token: maria.accessToken,
      ip: IP,
      body: { first_name: "Mike", last_name: "Torres", client_type: "buyer", email: "michael.torres@example.com" },
    });
    expect(hers.status).toBe(201);
  });

  it("updates partially with versions; NO_UPDATES; null clears", async () => {
    const r = await api(`/v1/clients/${TORRES}`, {
      method: "PUT",
      body: { status: "Inactive", notes: "Paused search", version: 1 },
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      status: "inactive",
      notes: "Paused search",
      version: 2,
      first_name: "Michael",
    });
    expect(r.body.data.updated_at).not.toBe(r.body.data.created_at);
    const stale = await api(`/v1/clients/${TORRES}`, { method: "PUT", body: { notes: "x", version: 1 } });
    expect(expectError(stale, 409, "VERSION_CONFLICT").details).toEqual({ currentVersion: 2, attemptedVersion: 1 });
    const cleared = await api(`/v1/clients/${TORRES}`, {
      method: "PUT",
      body: { notes: null, tags: null, budget_min: null },
    });
    expect(cleared.body.data).toMatchObject({ notes: null, tags: [], budget_min: null, version: 3 });
    expectError(await api(`/v1/clients/${TORRES}`, { method: "PUT", body: { bogus: 1 } }), 400, "NO_UPDATES");
    expectError(await api(`/v1/clients/${TORRES}`, { method: "PUT", body: { version: 3 } }), 400, "NO_UPDATES");
    const invalid = await api(`/v1/clients/${TORRES}`, {
      method: "PUT",
      body: { client_type: "renter", first_name: "" },
    });
    expect(fields(expectError(invalid, 400, "VALIDATION_ERROR"))).toEqual(["client_type", "first_name"]);
    expectError(await api("/v1/clients/not-a-uuid", { method: "PUT", body: { notes: "x" } }), 404, "NOT_FOUND");
  });

  it("deletes hard; unknown and malformed ids are 404", async () => {
    const del = await api(`/v1/clients/${TORRES}`, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(del.body.data).toEqual({ id: TORRES });
    expectError(await api(`/v1/clients/${TORRES}`), 404, "NOT_FOUND");
    expectError(await api(`/v1/clients/${TORRES}`, { method: "DELETE" }), 404, "NOT_FOUND");
    expectError(await api("/v1/clients/not-a-uuid"), 404, "NOT_FOUND");
    expect((await api("/v1/clients")).body.data.meta.total).toBe(29);
  });

  it("needs the clients scope for the method", async () => {
    const leadsOnly = await fixtureKey("lead-capture");
    const e = expectError(await call("/v1/clients", { key: leadsOnly, ip: IP }), 403, "INSUFFICIENT_SCOPE");
    expect(e.required_scope).toBe("clients:read");
    expectError(await call("/v1/clients", { ip: IP }), 401, "NO_AUTH_TOKEN");
  });

  it("applies visibility: the broker sees the team's clients, an agent not the broker's, waitlisted nobody's", async () => {
    const maria = await login(USERS.maria, IP);
    const seen = await call(`/v1/clients/${TORRES}`, { token: maria.accessToken, ip: IP });
    expect(seen.status).toBe(200);
    expect((await call("/v1/clients", { token: maria.accessToken, ip: IP })).body.data.meta.total).toBe(30);
    const hers = await call("/v1/clients", {
      method: "POST",
      token: maria.accessToken,
      ip: IP,
      body: { first_name: "Team", last_name: "Lead", client_type: "seller" },
    });
    const jordan = await login(USERS.jordan, IP);
    expectError(
      await call(`/v1/clients/${hers.body.data.id}`, { token: jordan.accessToken, ip: IP }),
      403,
      "FORBIDDEN",
    );
    expect((await call("/v1/clients", { token: jordan.accessToken, ip: IP })).body.data.meta.total).toBe(30);
    const sam = await login(USERS.sam, IP);
    expectError(await call("/v1/clients", { token: sam.accessToken, ip: IP }), 403, "ACCOUNT_NOT_ACTIVE");
  });
});
