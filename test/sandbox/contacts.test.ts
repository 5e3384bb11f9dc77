import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, expectError, fixtureKey, login, resetSandbox, USERS } from "../support/sandbox-client";

const IP = "10.20.2.1";
let token: string;
beforeEach(async () => {
  await resetSandbox();
  token = (await login(USERS.jordan, IP)).accessToken;
});
let full: string;
beforeAll(async () => {
  full = await fixtureKey("full-access");
});

const api = (path: string, opts: Parameters<typeof call>[1] = {}) => call(path, { token, ip: IP, ...opts });
const fields = (e: { details: Array<{ field: string }> }) => e.details.map((d) => d.field).sort();
type Row = { first_name: string; last_name: string; full_name: string; contact_type: string; is_archived: boolean };
const byName = (a: Row, b: Row) =>
  a.last_name.toLowerCase().localeCompare(b.last_name.toLowerCase()) ||
  a.first_name.toLowerCase().localeCompare(b.first_name.toLowerCase());

async function create(body: Record<string, unknown>) {
  const r = await api("/v1/contacts", { method: "POST", body });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body.data;
}

describe("contacts", () => {
  it("is JWT only: an API key is ignored", async () => {
    expectError(await call("/v1/contacts", { key: full, ip: IP }), 401, "NO_AUTH_TOKEN");
    expectError(await call("/v1/contacts/search", { key: full, ip: IP }), 401, "NO_AUTH_TOKEN");
    const withBoth = await call("/v1/contacts?limit=1", { key: "bogus", token, ip: IP });
    expect(withBoth.status).toBe(200);
  });

  it("lists unarchived contacts sorted by last then first name, with meta and stats", async () => {
    const r = await api("/v1/contacts?limit=100");
    expect(r.status).toBe(200);
    const { contacts, meta, stats } = r.body.data;
    expect(meta).toEqual({ page: 1, limit: 100, total: contacts.length, totalPages: 1, hasMore: false });
    expect(contacts.length).toBeGreaterThanOrEqual(30);
    expect(contacts.every((c: Row) => !c.is_archived)).toBe(true);
    expect([...contacts].sort(byName)).toEqual(contacts);
    expect(stats.total).toBe(meta.total);
    expect(Object.values(stats.byStatus as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(meta.total);
    expect(stats.byStatus.active).toBeGreaterThan(0);
    const page2 = await api("/v1/contacts?limit=10&page=2");
    expect(page2.body.data.contacts).toEqual(contacts.slice(10, 20));
    expect(page2.body.data.meta.hasMore).toBe(true);
  });

  it("filters by archived, type and search (case-insensitive over names and email)", async () => {
    const archived = await api("/v1/contacts?archived=true&limit=100");
    expect(archived.body.data.contacts.length).toBeGreaterThan(0);
    expect(archived.body.data.contacts.every((c: Row) => c.is_archived)).toBe(true);
    const all = (await api("/v1/contacts?limit=100")).body.data.meta.total + archived.body.data.meta.total;
    expect(all).toBe(40);
    const lenders = await api("/v1/contacts?type=LENDER&limit=100");
    expect(lenders.body.data.contacts.length).toBeGreaterThan(0);
    expect(lenders.body.data.contacts.every((c: Row) => c.contact_type === "lender")).toBe(true);
    const made = await create({
      first_name: "Quincy",
      last_name: "Zamora-Hale",
      contact_type: "vendor",
      email: "qz@stagers.example",
    });
    for (const q of ["zamora", "QUINCY", "y zam", "STAGERS.example"]) {
      const found = await api(`/v1/contacts?search=${encodeURIComponent(q)}`);
      expect(found.body.data.contacts.map((c: { id: string }) => c.id)).toEqual([made.id]);
    }
    expect(fields(expectError(await api("/v1/contacts?type=plumber"), 400, "VALIDATION_ERROR"))).toEqual(["type"]);
    expect(fields(expectError(await api("/v1/contacts?archived=maybe"), 400, "VALIDATION_ERROR"))).toEqual([
      "archived",
    ]);
  });

  it("creates a contact with derived full_name and defaults", async () => {
    const r = await api("/v1/contacts", {
      method: "POST",
      body: {
        first_name: "Dana",
        last_name: " Whitfield",
        contact_type: "Title_Officer",
        email: "Dana@Kern.example",
        company: "Kern Title",
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({
      first_name: "Dana",
      last_name: "Whitfield",
      full_name: "Dana Whitfield",
      contact_type: "title_officer",
      contact_status: "active",
      email: "dana@kern.example",
      company: "Kern Title",
      phone: null,
      tags: [],
      is_archived: false,
      archived_at: null,
    });
    expect((await api(`/v1/contacts/${r.body.data.id}`)).body.data).toEqual(r.body.data);
    const e = expectError(
      await api("/v1/contacts", { method: "POST", body: { contact_type: "plumber", email: "no" } }),
      400,
      "VALIDATION_ERROR",
    );
    expect(fields(e)).toEqual(["contact_type", "email", "first_name", "last_name"]);
  });

  it("updates partially, re-deriving full_name; NO_UPDATES; 404", async () => {
    const made = await create({ first_name: "Ann", last_name: "Lee", contact_type: "agent", notes: "n" });
    const r = await api(`/v1/contacts/${made.id}`, {
      method: "PUT",
      body: { last_name: "Lee-Park", notes: null, contact_status: "Inactive" },
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      first_name: "Ann",
      last_name: "Lee-Park",
      full_name: "Ann Lee-Park",
      notes: null,
      contact_status: "inactive",
    });
    expectError(await api(`/v1/contacts/${made.id}`, { method: "PUT", body: { nope: 1 } }), 400, "NO_UPDATES");
    const bad = await api(`/v1/contacts/${made.id}`, { method: "PUT", body: { contact_type: "x", first_name: "" } });
    expect(fields(expectError(bad, 400, "VALIDATION_ERROR"))).toEqual(["contact_type", "first_name"]);
    expectError(await api("/v1/contacts/not-a-uuid", { method: "PUT", body: { notes: "x" } }), 404, "NOT_FOUND");
  });

  it("archives and restores idempotently; archived contacts are still readable", async () => {
    const made = await create({ first_name: "Arch", last_name: "Ive", contact_type: "other" });
    const a1 = await api(`/v1/contacts/${made.id}/archive`, { method: "PATCH" });
    expect(a1.status).toBe(200);
    expect(a1.body.data.is_archived).toBe(true);
    expect(a1.body.data.archived_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const a2 = await api(`/v1/contacts/${made.id}/archive`, { method: "PATCH" });
    expect(a2.body.data).toEqual(a1.body.data);
    expect((await api(`/v1/contacts/${made.id}`)).body.data.is_archived).toBe(true);
    const listed = await api("/v1/contacts?search=ive&archived=true");
    expect(listed.body.data.contacts.map((c: { id: string }) => c.id)).toEqual([made.id]);
    expect((await api("/v1/contacts?search=arch%20ive")).body.data.contacts).toEqual([]);
    const r1 = await api(`/v1/contacts/${made.id}/restore`, { method: "PATCH" });
    expect(r1.body.data).toMatchObject({ is_archived: false, archived_at: null });
    const r2 = await api(`/v1/contacts/${made.id}/restore`, { method: "PATCH" });
    expect(r2.body.data).toEqual(r1.body.data);
    expectError(await api("/v1/contacts/nope/archive", { method: "PATCH" }), 404, "NOT_FOUND");
    expectError(await api("/v1/contacts/nope/restore", { method: "PATCH" }), 404, "NOT_FOUND");
  });

  it("deletes hard", async () => {
    const made = await create({ first_name: "Del", last_name: "Ete", contact_type: "buyer" });
    const del = await api(`/v1/contacts/${made.id}`, { method: "DELETE" });
    expect(del.body.data).toEqual({ id: made.id });
    expectError(await api(`/v1/contacts/${made.id}`), 404, "NOT_FOUND");
    expectError(await api(`/v1/contacts/${made.id}`, { method: "DELETE" }), 404, "NOT_FOUND");
  });

  it("searches by role mapping, name and email: a bare array ordered by full_name with a top-level count", async () => {
    const officer = await create({
      first_name: "Eve",
      last_name: "Escrow",
      contact_type: "title_officer",
      email: "eve@kerntitle.example",
      license_number: "E-1",
    });
    const r = await api("/v1/contacts/search?role=escrow_officer&limit=100");
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body.data)).toBe(true);
    expect(r.body.count).toBe(r.body.data.length);
    expect(r.body.data.map((c: { id: string }) => c.id)).toContain(officer.id);
    const mine = r.body.data.find((c: { id: string }) => c.id === officer.id);
    expect(Object.keys(mine).sort()).toEqual(
      [
        "company",
        "created_at",
        "email",
        "first_name",
        "full_name",
        "id",
        "last_name",
        "license_number",
        "phone",
      ].sort(),
    );
    const names = r.body.data.map((c: Row) => c.full_name.toLowerCase());
    expect([...names].sort()).toEqual(names);
    const lenders = (await api("/v1/contacts?type=lender&limit=100")).body.data.contacts
      .map((c: { id: string }) => c.id)
      .sort();
    const loanOfficers = await api("/v1/contacts/search?role=loan_officer");
    expect(loanOfficers.body.data.map((c: { id: string }) => c.id).sort()).toEqual(lenders);
    const byEmail = await api("/v1/contacts/search?email=KERNTITLE&name=eve%20esc");
    expect(byEmail.body.data.map((c: { id: string }) => c.id)).toEqual([officer.id]);
    await api(`/v1/contacts/${officer.id}/archive`, { method: "PATCH" });
    expect((await api("/v1/contacts/search?email=kerntitle")).body).toMatchObject({ data: [], count: 0 });
    const limited = await api("/v1/contacts/search?limit=3");
    expect(limited.body.count).toBe(3);
    expect((await api("/v1/contacts/search")).body.count).toBe(
      Math.min(50, (await api("/v1/contacts")).body.data.meta.total),
    );
    expect(fields(expectError(await api("/v1/contacts/search?limit=101"), 400, "VALIDATION_ERROR"))).toEqual(["limit"]);
    expect(fields(expectError(await api("/v1/contacts/search?role=astronaut"), 400, "VALIDATION_ERROR"))).toEqual([
      "role",
    ]);
  });

  it("applies visibility: the broker sees Jordan's book, an agent not the broker's, waitlisted nobody's", async () => {
    const maria = (await login(USERS.maria, IP)).accessToken;
    const jordansTotal = (await api("/v1/contacts")).body.data.meta.total;
    expect((await call("/v1/contacts", { token: maria, ip: IP })).body.data.meta.total).toBe(jordansTotal);
    const hers = await call("/v1/contacts", {
      method: "POST",
      token: maria,
      ip: IP,
      body: { first_name: "Bro", last_name: "Ker", contact_type: "agent" },
    });
    expectError(await api(`/v1/contacts/${hers.body.data.id}`), 403, "FORBIDDEN");
    expectError(await api(`/v1/contacts/${hers.body.data.id}/archive`, { method: "PATCH" }), 403, "FORBIDDEN");
    const sam = (await login(USERS.sam, IP)).accessToken;
    expectError(await call("/v1/contacts", { token: sam, ip: IP }), 403, "ACCOUNT_NOT_ACTIVE");
  });
});
