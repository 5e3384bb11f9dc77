import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, expectError, fixtureKey, login, resetSandbox, USERS } from "../support/sandbox-client";

const IP = "10.20.4.1";
const RACHEL = "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b";
const TORRES_CLIENT = "a3f8c1d2-6b4e-4a9f-8d27-95c0e3b1f684";
let leadsKey: string;
let full: string;
beforeAll(async () => {
  leadsKey = await fixtureKey("lead-capture");
  full = await fixtureKey("full-access");
});
beforeEach(resetSandbox);

const convert = (id: string, body?: unknown, key = leadsKey) =>
  call(`/v1/leads/${id}/convert`, { method: "POST", key, ip: IP, ...(body === undefined ? {} : { body }) });

describe("lead conversion", () => {
  it("creates an active client from the lead and marks the lead converted", async () => {
    const r = await convert(RACHEL);
    expect(r.status).toBe(200);
    const { client_id, client, lead } = r.body.data;
    expect(client_id).toBe(client.id);
    expect(client).toMatchObject({
      first_name: "Rachel",
      last_name: "Kim",
      email: "rachel.kim@example.com",
      phone: "(661) 555-0198",
      source: "Website Form",
      client_type: "buyer",
      status: "active",
      budget_min: null,
      budget_max: 380000,
      version: 1,
    });
    expect(lead).toMatchObject({ id: RACHEL, status: "converted", converted_to_client_id: client_id, version: 2 });
    const storedLead = await call(`/v1/leads/${RACHEL}`, { key: leadsKey, ip: IP });
    expect(storedLead.body.data).toEqual(lead);
    const storedClient = await call(`/v1/clients/${client_id}`, { key: full, ip: IP });
    expect(storedClient.body.data).toEqual(client);
  });

  it("takes client_type from the body (both is valid), else the lead's lead_type, else buyer", async () => {
    const both = await convert(RACHEL, { client_type: "BOTH" });
    expect(both.body.data.client.client_type).toBe("both");
    const seller = await call("/v1/leads?limit=100", { key: leadsKey, ip: IP });
    const marcus = seller.body.data.leads.find((l: { name: string }) => l.name === "Marcus Bell");
    expect((await convert(marcus.id)).body.data.client.client_type).toBe("seller");
    const typeless = await call("/v1/leads", { method: "POST", key: leadsKey, ip: IP, body: { name: "Cher" } });
    const noType = await convert(typeless.body.data.id, {});
    expect(noType.body.data.client).toMatchObject({
      client_type: "buyer",
      first_name: "Cher",
      last_name: "",
      email: null,
    });
  });

  it("rejects a bad client_type before looking the lead up", async () => {
    const e = expectError(await convert("not-a-uuid", { client_type: "renter" }), 400, "VALIDATION_ERROR");
    expect(e.details.map((d: { field: string }) => d.field)).toEqual(["client_type"]);
  });

  it("refuses a second conversion and the seeded converted lead", async () => {
    expect((await convert(RACHEL)).status).toBe(200);
    expectError(await convert(RACHEL), 400, "INVALID_TRANSITION");
    const converted = await call("/v1/leads?status=converted", { key: leadsKey, ip: IP });
    expect(converted.body.data.leads).toHaveLength(2);
    const torres = converted.body.data.leads.find((l: { name: string }) => l.name === "Michael Torres");
    expect(torres).toMatchObject({ source: "Referral", status: "converted", converted_to_client_id: TORRES_CLIENT });
    expectError(await convert(torres.id), 400, "INVALID_TRANSITION");
    expect((await call("/v1/clients", { key: full, ip: IP })).body.data.meta.total).toBe(31);
  });

  it("still converts when the lead's email is already on a client (no DUPLICATE_EMAIL)", async () => {
    const lead = await call("/v1/leads", {
      method: "POST",
      key: leadsKey,
      ip: IP,
      body: { name: "Michael Torres", email: "michael.torres@example.com", budget: 500000 },
    });
    const r = await convert(lead.body.data.id);
    expect(r.status).toBe(200);
    expect(r.body.data.client.id).not.toBe(TORRES_CLIENT);
    expect(r.body.data.client.email).toBe("michael.torres@example.com");
  });

  it("is 404 for unknown leads and needs leads:write", async () => {
    expectError(await convert("00000000-0000-4000-8000-000000000000"), 404, "NOT_FOUND");
    expectError(await convert("nope"), 404, "NOT_FOUND");
    const digest = await fixtureKey("escrow-digest");
    const e = expectError(await convert(RACHEL, undefined, digest), 403, "INSUFFICIENT_SCOPE");
    expect(e.required_scope).toBe("leads:write");
  });

  it("lets the broker convert a team lead; the client stays in the agent's book", async () => {
    const maria = await login(USERS.maria, IP);
    const r = await call(`/v1/leads/${RACHEL}/convert`, { method: "POST", token: maria.accessToken, ip: IP });
    expect(r.status).toBe(200);
    const jordan = await login(USERS.jordan, IP);
    const own = await call(`/v1/clients/${r.body.data.client_id}`, { token: jordan.accessToken, ip: IP });
    expect(own.status).toBe(200);
    const sam = await login(USERS.sam, IP);
    const waitlisted = await call(`/v1/leads/${RACHEL}/convert`, { method: "POST", token: sam.accessToken, ip: IP });
    expectError(waitlisted, 403, "ACCOUNT_NOT_ACTIVE");
  });
});
