import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, expectError, fixtureKey, resetSandbox } from "../support/sandbox-client";

let full: string;
let leadsOnly: string;
beforeAll(async () => {
  full = await fixtureKey("full-access");
  leadsOnly = await fixtureKey("lead-capture");
});
beforeEach(resetSandbox);

describe("leads", () => {
  it("lists the seeded leads newest first, paginated", async () => {
    const r = await call("/v1/leads?limit=25", { key: full });
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(r.body.success).toBe(true);
    expect(r.body.data.leads).toHaveLength(25);
    expect(r.body.data.meta).toEqual({ page: 1, limit: 25, total: 60, totalPages: 3, hasMore: true });
    expect(r.body.data.leads[0].name).toBe("Rachel Kim");
    expect(r.body.data.cursors).toEqual({ next: null });
    const last = await call("/v1/leads?page=3&limit=25", { key: full });
    expect(last.body.data.leads).toHaveLength(10);
    expect(last.body.data.meta.hasMore).toBe(false);
    const past = await call("/v1/leads?page=9", { key: full });
    expect(past.body.data.leads).toEqual([]);
  });

  it("creates a lead with the documented defaults and derives name parts", async () => {
    const r = await call("/v1/leads", {
      method: "POST",
      key: leadsOnly,
      body: { name: "  Dana Q. Whitfield ", email: "DANA@Example.com", source: "Website Form", lead_type: "Buyer" },
    });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({
      name: "Dana Q. Whitfield",
      first_name: "Dana Q.",
      last_name: "Whitfield",
      email: "dana@example.com",
      status: "new",
      lead_type: "buyer",
      version: 1,
      converted_to_client_id: null,
    });
    const got = await call(`/v1/leads/${r.body.data.id}`, { key: leadsOnly });
    expect(got.body.data).toEqual(r.body.data);
  });

  it("joins first_name and last_name when name is absent", async () => {
    const r = await call("/v1/leads", { method: "POST", key: full, body: { first_name: "Ana", last_name: "Ruiz" } });
    expect(r.status).toBe(201);
    expect(r.body.data.name).toBe("Ana Ruiz");
  });

  it("reports every validation problem at once", async () => {
    const r = await call("/v1/leads", {
      method: "POST",
      key: full,
      body: { email: "nope", budget: -5, status: "weird" },
    });
    const e = expectError(r, 400, "VALIDATION_ERROR");
    expect(e.message).toBe("Invalid request data");
    expect(e.details.map((d: { field: string }) => d.field).sort()).toEqual(["budget", "email", "name", "status"]);
  });

  it("updates partially with optimistic versions", async () => {
    const id = "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b";
    const r = await call(`/v1/leads/${id}`, { method: "PUT", key: full, body: { status: "contacted", version: 1 } });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ status: "contacted", version: 2 });
    const stale = await call(`/v1/leads/${id}`, { method: "PUT", key: full, body: { notes: "x", version: 1 } });
    expect(expectError(stale, 409, "VERSION_CONFLICT").details).toEqual({ currentVersion: 2, attemptedVersion: 1 });
    expectError(await call(`/v1/leads/${id}`, { method: "PUT", key: full, body: { bogus: 1 } }), 400, "NO_UPDATES");
    expectError(
      await call(`/v1/leads/${id}`, { method: "PUT", key: full, body: { status: "converted" } }),
      400,
      "INVALID_TRANSITION",
    );
  });

  it("deletes hard; unknown and malformed ids are 404", async () => {
    const id = "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b";
    const del = await call(`/v1/leads/${id}`, { method: "DELETE", key: full });
    expect(del.body.data).toEqual({ id });
    expectError(await call(`/v1/leads/${id}`, { key: full }), 404, "NOT_FOUND");
    expectError(await call("/v1/leads/not-a-uuid", { key: full }), 404, "NOT_FOUND");
  });

  it("needs the scope for the method", async () => {
    const digest = await fixtureKey("escrow-digest");
    const e = expectError(await call("/v1/leads", { key: digest }), 403, "INSUFFICIENT_SCOPE");
    expect(e.required_scope).toBe("leads:read");
    expect(e.details.required_scope).toBe("leads:read");
    expectError(await call("/v1/leads/x", { method: "DELETE", key: leadsOnly }), 403, "INSUFFICIENT_SCOPE");
  });
});
