import { beforeEach, describe, expect, it } from "vitest";
import { api, bridge, expectError, resetAll } from "./bridge-helpers";
import { READ_TOKEN } from "./test-bindings";

beforeEach(resetAll);

const post = (name: string, body: unknown, token?: string) =>
  bridge(`/actions/${name}`, { method: "POST", body, ...(token ? { token } : {}) });

describe("POST /actions/{name}", () => {
  it("creates a lead and answers the API's full object", async () => {
    const r = await post("create_lead", {
      name: "Ana Ruiz",
      email: "ana@example.com",
      budget: 400000,
      source: "",
      status: "new",
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: "Ana Ruiz",
      email: "ana@example.com",
      budget: 400000,
      source: null,
      version: 1,
    });
    const stored = await api("GET", `/leads/${r.body.id}`);
    expect(stored.data.name).toBe("Ana Ruiz");
  });

  it("updates and converts a lead", async () => {
    const lead = (await post("create_lead", { name: "Ben Ode", email: "ben@example.com", lead_type: "seller" })).body;
    const updated = await post("update_lead", { id: lead.id, status: "qualified" });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: lead.id, status: "qualified", version: 2 });
    const converted = await post("convert_lead", { id: lead.id });
    expect(converted.body).toMatchObject({ lead: { status: "converted" }, client: { client_type: "seller" } });
  });

  it("keeps the API's error code and field details for a write it refuses", async () => {
    const lead = (await post("create_lead", { name: "Cy Vance" })).body;
    await post("convert_lead", { id: lead.id });
    const again = expectError(await post("convert_lead", { id: lead.id }), 400, "INVALID_TRANSITION");
    expect(again.message).toMatch(/convert/i);
    const appt = expectError(
      await post("create_appointment", {
        title: "Showing",
        start_time: "2026-07-10T18:00:00Z",
        end_time: "2026-07-10T17:00:00Z",
      }),
      400,
      "VALIDATION_ERROR",
    );
    expect(appt.details).toEqual([expect.objectContaining({ field: "end_time" })]);
    expectError(
      await post("update_lead", { id: "00000000-0000-4000-8000-000000000000", status: "lost" }),
      404,
      "NOT_FOUND",
    );
    const dup = await post("create_client", {
      first_name: "Mi",
      last_name: "Torres",
      client_type: "buyer",
      email: "michael.torres@example.com",
    });
    expect(dup.status).toBe(409);
  });

  it("validates input before calling the API, naming every bad field", async () => {
    const e = expectError(
      await post("create_lead", { email: "not-an-email", budget: "lots" }),
      400,
      "VALIDATION_ERROR",
    );
    expect(e.details.map((d: any) => d.field).sort()).toEqual(["budget", "email", "name"]);
    expectError(
      await post("create_client", { first_name: "A", last_name: "B", client_type: "tenant" }),
      400,
      "VALIDATION_ERROR",
    );
  });

  it("creates and updates clients, contacts (the JWT-only group) and appointments", async () => {
    const client = await post("create_client", {
      first_name: "Lee",
      last_name: "Chan",
      client_type: "buyer",
      budget_max: 500000,
    });
    expect(client.status).toBe(201);
    expect((await post("update_client", { id: client.body.id, status: "inactive" })).body.status).toBe("inactive");
    const contact = await post("create_contact", {
      first_name: "Rae",
      last_name: "Hill",
      contact_type: "lender",
      email: "rae@lend.example",
    });
    expect(contact.body).toMatchObject({ full_name: "Rae Hill", contact_type: "lender" });
    expect((await post("update_contact", { id: contact.body.id, company: "Hill Lending" })).body.company).toBe(
      "Hill Lending",
    );
    const appt = await post("create_appointment", {
      title: "Showing at 12 Elm",
      start_time: "2026-07-10T17:00:00Z",
      end_time: "2026-07-10T18:00:00Z",
      appointment_type: "showing",
      client_id: client.body.id,
    });
    expect(appt.body).toMatchObject({ title: "Showing at 12 Elm", status: "scheduled", client_id: client.body.id });
  });

  it("finds a contact by email (any case) or creates it once", async () => {
    const body = { email: "Sky.Lane@Example.com", first_name: "Sky", last_name: "Lane", contact_type: "inspector" };
    const first = await post("find_or_create_contact", body);
    expect(first.body).toMatchObject({ created: true, email: "sky.lane@example.com" });
    const second = await post("find_or_create_contact", { ...body, email: "sky.lane@example.com" });
    expect(second.body).toMatchObject({ created: false, id: first.body.id });
    // A longer address containing it is a different person.
    const other = await post("find_or_create_contact", { ...body, email: "sky.lane@example.com.au" });
    expect(other.body.created).toBe(true);
  });

  it("refuses a read-only token (403), an unknown action (404), and bodies that are not JSON objects", async () => {
    const e = expectError(await post("create_lead", { name: "X" }, READ_TOKEN), 403, "INSUFFICIENT_SCOPE");
    expect(e.details).toEqual({ required_scope: "write" });
    expectError(await post("delete_everything", {}), 404, "UNKNOWN_ACTION");
    expectError(await post("create_lead", "[1,2]"), 400, "VALIDATION_ERROR");
    expectError(await post("create_lead", "{oops"), 400, "VALIDATION_ERROR");
    expectError(
      await bridge("/actions/create_lead", {
        method: "POST",
        body: "name=x",
        headers: { "Content-Type": "text/plain" },
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expectError(await post("create_lead", { name: "x".repeat(70 * 1024) }), 413, "PAYLOAD_TOO_LARGE");
  });
});
