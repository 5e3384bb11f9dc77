import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import type { Lead } from "@actuallycare/shared/client/groups/leads";
import { paginate } from "@actuallycare/shared/client/paginate";
import * as z from "@actuallycare/shared/zod";
import { beforeAll, beforeEach, describe, expect, expectTypeOf, inject, it } from "vitest";
import { fixtureKey, PASSWORD, resetSandbox, USERS } from "../support/sandbox-client";
import { advanceSandboxClock, clearClientKv, covered, flushWebhooks, offsetClock, sandboxClient } from "./harness";
import { OPERATIONS } from "./operations";

/** This file's rate windows (CF-Connecting-IP); the error tests use their own. */
const IP = "10.70.0.1";
const RACHEL = "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b";
const TORRES_CLIENT = "a3f8c1d2-6b4e-4a9f-8d27-95c0e3b1f684";
const CONSULTATION = "d4b7a9e2-8c1f-4d6a-b3e5-7f9c2a0d8b46";
const FIXTURE_WEBHOOK = "wh_3f9a1c7e2b40";
const MINUTE = 60_000;

let fullKey: string;
beforeAll(async () => {
  fullKey = await fixtureKey("full-access");
});
beforeEach(async () => {
  await resetSandbox();
  await clearClientKv();
});

/** Jordan's full-access key for the key-capable groups, Maria (broker) for the JWT-only ones. */
const standard = () => sandboxClient({ ip: IP, apiKey: fullKey, email: USERS.maria, password: PASSWORD });

/** Asserts a typed `http` error from the client and returns it. */
async function httpError(promise: Promise<unknown>, status: number, code: string): Promise<ActuallyCareError> {
  const err = await promise.then(
    () => {
      throw new Error(`expected ${status} ${code}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ActuallyCareError);
  const e = err as ActuallyCareError;
  expect({ kind: e.kind, status: e.status, code: e.code, retryable: e.retryable }).toEqual({
    kind: "http",
    status,
    code,
    retryable: false,
  });
  expect(e.errorId).toMatch(/^ERR_\d+_[0-9a-z]{6}$/);
  expect(e.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  return e;
}

describe("typed client: every group round trip", () => {
  it("leads: list, create, get, update, convert, delete", async () => {
    const { client } = await standard();
    const page = await client.leads.list({ limit: 5, status: "new" });
    expect(page.meta).toMatchObject({ page: 1, limit: 5, hasMore: expect.any(Boolean) });
    expect(page.leads.every((l) => l.status === "new")).toBe(true);
    expectTypeOf(page.leads).toEqualTypeOf<Lead[]>();

    const lead = await client.leads.create({ name: "Dana Whitfield", email: "dana@example.com", budget: 500000 });
    expect(lead).toMatchObject({ name: "Dana Whitfield", first_name: "Dana", status: "new", version: 1 });
    // Only `id` is required (tolerant parsing); the rest is typed when present.
    expectTypeOf(lead.version).toEqualTypeOf<number | null | undefined>();
    expectTypeOf(lead.id).toBeString();
    expect(await client.leads.get(lead.id)).toEqual(lead);
    const updated = await client.leads.update(lead.id, { interest_level: "hot", version: 1 });
    expect(updated).toMatchObject({ interest_level: "hot", version: 2 });

    const conversion = await client.leads.convert(lead.id, { client_type: "buyer" });
    expect(conversion.lead).toMatchObject({ status: "converted", converted_to_client_id: conversion.client_id });
    expect(conversion.client).toMatchObject({ id: conversion.client_id, first_name: "Dana", budget_max: 500000 });
    expect(await client.leads.delete(lead.id)).toEqual({ id: lead.id });
    await httpError(client.leads.get(lead.id), 404, "NOT_FOUND");
  });

  it("clients: list, create, get, update, delete", async () => {
    const { client } = await standard();
    const list = await client.clients.list({ client_type: "buyer", limit: 100 });
    expect(list.clients.map((c) => c.id)).toContain(TORRES_CLIENT);
    expect(list.clients.every((c) => c.client_type === "buyer")).toBe(true);

    const created = await client.clients.create({
      first_name: "Ana",
      last_name: "Ruiz",
      client_type: "seller",
      tags: ["vip"],
      property_preferences: { bedrooms_min: 3 },
    });
    expect(created).toMatchObject({ status: "active", tags: ["vip"], version: 1, email: null });
    expectTypeOf(created.email).toEqualTypeOf<string | null | undefined>();
    expect(await client.clients.get(created.id)).toEqual(created);
    expect(await client.clients.update(created.id, { status: "inactive", version: 1 })).toMatchObject({
      status: "inactive",
      version: 2,
    });
    expect(await client.clients.delete(created.id)).toEqual({ id: created.id });
  });

  it("appointments: list, create, get, update, delete", async () => {
    const { client } = await standard();
    const list = await client.appointments.list({ start_date: "2026-07-10", limit: 100 });
    expect(list.appointments.some((a) => a.id === CONSULTATION)).toBe(true);
    const starts = list.appointments.map((a) => a.start_time);
    expect(starts).toEqual([...starts].sort());

    const created = await client.appointments.create({
      title: "Walkthrough",
      start_time: "2026-07-12T17:00:00.000Z",
      end_time: "2026-07-12T18:00:00.000Z",
      appointment_type: "showing",
      attendees: [{ name: "Ana Ruiz" }],
    });
    expect(created).toMatchObject({ status: "scheduled", appointment_type: "showing", version: 1 });
    expect(created.attendees).toEqual([{ name: "Ana Ruiz", email: null, phone: null }]);
    expect(await client.appointments.get(created.id)).toEqual(created);
    const cancelled = await client.appointments.update(created.id, { status: "cancelled" });
    expect(cancelled).toMatchObject({ status: "cancelled", version: 2 });
    expect(await client.appointments.delete(created.id)).toEqual({ id: created.id });
  });

  it("listings: list, create, get, update, delete", async () => {
    const { client } = await standard();
    const list = await client.listings.list({ minPrice: 400000, maxPrice: 430000 });
    expect(list.listings.map((l) => l.mls_number)).toContain("ML81992437");
    expect(list.listings.every((l) => Number(l.list_price) >= 400000 && Number(l.list_price) <= 430000)).toBe(true);

    const created = await client.listings.create({ address: "12 Elm St", list_price: 300000, square_feet: 1500 });
    expect(created).toMatchObject({ status: "active", price_per_sqft: 200, version: 1 });
    expect(await client.listings.get(created.id)).toEqual(created);
    expect(await client.listings.update(created.id, { status: "pending", version: 1 })).toMatchObject({
      status: "pending",
      version: 2,
    });
    expect(await client.listings.delete(created.id)).toEqual({ id: created.id });
  });

  it("escrows: list, create, get by display id, update, timeline, archive, restore, delete", async () => {
    const { client } = await standard();
    const list = await client.escrows.list({ search: "ESC-2026-0042" });
    expect(list.escrows.map((e) => e.display_id)).toEqual(["ESC-2026-0042"]);
    expect(list.meta?.limit).toBe(20);

    const created = await client.escrows.create({ property_address: "9 Pine Rd", purchase_price: 250000 });
    expect(created.display_id).toMatch(/^ESC-\d{4}-\d{4}$/);
    expect(created).toMatchObject({ escrow_status: "pending", is_archived: false, version: 1 });
    expect(await client.escrows.get(created.display_id)).toEqual(created);
    const updated = await client.escrows.update(created.display_id, {
      acceptance_date: "2026-06-01",
      closing_date: "2026-08-01",
      version: 1,
    });
    expect(updated).toMatchObject({ acceptance_date: "2026-06-01", version: 2 });
    expect(await client.escrows.timeline(created.id)).toEqual([
      { label: "Acceptance", date: "2026-06-01", completed: true },
      { label: "Close of Escrow", date: "2026-08-01", completed: false },
    ]);

    expect(await client.escrows.archive(created.display_id)).toMatchObject({ is_archived: true });
    expect(await client.escrows.restore(created.id)).toMatchObject({ is_archived: false, archived_at: null });
    await client.escrows.archive(created.id);
    expect(await client.escrows.delete(created.display_id)).toEqual({
      id: created.id,
      display_id: created.display_id,
    });
  });

  it("contacts: list, create, search, get, update, archive, restore, delete", async () => {
    const { client } = await standard();
    const list = await client.contacts.list({ limit: 100 });
    expect(list.meta?.total).toBe(list.contacts.length);
    expect(list.contacts.every((c) => !c.is_archived)).toBe(true);

    const created = await client.contacts.create({
      first_name: "Olivia",
      last_name: "Quayle",
      contact_type: "lender",
      email: "olivia.quayle@example.com",
    });
    expect(created).toMatchObject({ full_name: "Olivia Quayle", contact_status: "active", is_archived: false });
    const found = await client.contacts.search({ role: "loan_officer", name: "quayle" });
    expect(found.count).toBe(1);
    expect(found.contacts).toEqual([expect.objectContaining({ id: created.id, full_name: "Olivia Quayle" })]);
    expectTypeOf(found.count).toBeNumber();

    expect(await client.contacts.get(created.id)).toEqual(created);
    expect(await client.contacts.update(created.id, { company: "Valley Lending" })).toMatchObject({
      company: "Valley Lending",
    });
    const archived = await client.contacts.archive(created.id);
    expect(archived).toMatchObject({ is_archived: true, archived_at: expect.any(String) });
    expect((await client.contacts.list({ archived: true, search: "quayle" })).contacts.map((c) => c.id)).toEqual([
      created.id,
    ]);
    expect(await client.contacts.restore(created.id)).toMatchObject({ is_archived: false, archived_at: null });
    expect(await client.contacts.delete(created.id)).toEqual({ id: created.id });
  });

  it("api-keys: create, use, update scopes, revoke, delete", async () => {
    const { client } = await standard();
    const before = await client.apiKeys.list();
    const created = await client.apiKeys.create({
      name: "client test",
      expiresInDays: 30,
      scopes: { leads: ["read"] },
    });
    expect(created.key).toMatch(/^[0-9a-f]{64}$/);
    expect(created).toMatchObject({ name: "client test", is_active: true, scopes: { leads: ["read"] } });
    expect(created.key_preview).toBe(`${created.key.slice(0, 8)}...${created.key.slice(-4)}`);
    expectTypeOf(created.expires_at).toEqualTypeOf<string | null | undefined>();
    const listed = await client.apiKeys.list();
    expect(listed).toHaveLength(before.length + 1);
    expect(listed[0]).not.toHaveProperty("key");

    const { client: withKey } = await sandboxClient({ ip: IP, apiKey: created.key });
    expect((await withKey.leads.list({ limit: 1 })).leads).toHaveLength(1);
    await httpError(withKey.listings.list(), 403, "INSUFFICIENT_SCOPE");
    const widened = await client.apiKeys.updateScopes(created.id, { leads: ["read"], listings: ["read"] });
    expect(widened.scopes).toEqual({ leads: ["read"], listings: ["read"] });
    expect((await withKey.listings.list()).meta?.total).toBeGreaterThan(0);

    expect(await client.apiKeys.revoke(created.id)).toMatchObject({ id: created.id, is_active: false });
    await httpError(withKey.leads.list(), 401, "API_KEY_DEACTIVATED");
    expect(await client.apiKeys.delete(created.id)).toEqual({ id: created.id });
    await httpError(withKey.leads.list(), 401, "INVALID_API_KEY");
  });

  it("auth: register, login, refresh, verify, profile, sessions, logout, logout-all", async () => {
    const { client } = await standard();
    const reg = await client.auth.register({
      email: "new.agent@example.com",
      username: "new_agent",
      password: "Welcome123",
      firstName: "Nia",
      lastName: "Agent",
    });
    expect(reg).toMatchObject({ status: "waitlisted", redirect: "/waitlist", user: { role: "agent" } });

    const login = await client.auth.login({ email: USERS.jordan, password: PASSWORD });
    expect(login).toMatchObject({ expiresIn: "15m", tokenType: "Bearer", user: { email: USERS.jordan } });
    expect(login.refreshToken).toMatch(/^[0-9a-f]{80}$/);
    const refreshed = await client.auth.refresh(String(login.refreshToken));
    expect(refreshed.refreshToken).toMatch(/^[0-9a-f]{80}$/);
    expect(refreshed.refreshToken).not.toBe(login.refreshToken);
    await httpError(client.auth.refresh(String(login.refreshToken)), 401, "INVALID_REFRESH_TOKEN");
    expect(await client.auth.logout(String(refreshed.refreshToken))).toEqual({ message: expect.any(String) });
    await httpError(client.auth.refresh(String(refreshed.refreshToken)), 401, "INVALID_REFRESH_TOKEN");

    // The rest act as the client's own session (Maria).
    const me = await client.auth.verify();
    expect(me).toMatchObject({ email: USERS.maria, role: "broker", status: "active" });
    expect(await client.auth.profile()).toEqual(me);
    const profile = await client.auth.updateProfile({ timezone: "America/Denver", licensedStates: ["CA", "NV"] });
    expect(profile).toMatchObject({ timezone: "America/Denver", licensed_states: ["CA", "NV"], home_city: null });
    const sessions = await client.auth.sessions();
    expect(sessions.filter((s) => s.isCurrent)).toHaveLength(1);
    expect(await client.auth.logoutAll()).toEqual({ message: expect.any(String) });
    expect(await client.auth.sessions()).toEqual([]);
  });

  it("billing: public plans and checkout, plans, subscription, checkout, portal", async () => {
    const { client } = await standard();
    const pub = await client.billing.publicPlans();
    expect(pub.currency).toBe("usd");
    expect(pub.plans.find((p) => p.key === "agent")).toMatchObject({ priceMonthly: 10000, priceYearly: 120000 });
    expect(await client.billing.publicCheckout({ email: "buyer@example.com" })).toEqual({
      url: expect.stringMatching(/^http/),
      sessionId: expect.any(String),
    });
    const plans = await client.billing.plans();
    expect(plans.plans.map((p) => p.key)).toEqual(["agent", "team", "brokerage"]);
    expect(plans.plans[0]?.priceIds).toEqual({ monthly: expect.any(String), yearly: expect.any(String) });
    expect(await client.billing.subscription()).toMatchObject({ status: "none", planKey: null });
    const checkout = await client.billing.checkout({ planKey: "team", interval: "yearly" });
    expect(checkout.url).toContain("plan=team");
    const portal = await client.billing.portal({ returnUrl: "https://app.example.com/settings" });
    expect(portal.url).toMatch(/^http/);
  });

  it("webhooks: catalog, create, update, deliveries in logs, delete", async () => {
    const { client } = await standard();
    expect((await client.webhooks.list()).map((w) => w.id)).toEqual([FIXTURE_WEBHOOK]);
    const catalog = await client.webhooks.events();
    expect(catalog.meta?.total).toBe(catalog.events.length);
    expect(catalog.events.map((e) => e.event)).toContain("lead.created");
    const leadEvents = await client.webhooks.events({ category: "lead" });
    expect(leadEvents.events.every((e) => e.category === "lead")).toBe(true);
    const categories = await client.webhooks.eventCategories();
    expect(categories.map((c) => c.category)).toEqual(catalog.meta?.categories);

    const url = `${inject("captureUrl")}/ok/client-groups-webhook`;
    const hook = await client.webhooks.create({ url, events: ["lead.created"], secret: "client_test_secret" });
    expect(hook.id).toMatch(/^wh_[0-9a-f]{12}$/);
    expect(hook).toMatchObject({ url, active: true, secret: "client_test_secret" });
    expect(await client.webhooks.update(hook.id, { events: ["lead.created", "lead.updated"] })).toMatchObject({
      events: ["lead.created", "lead.updated"],
    });

    // Jordan's key creates a lead; the subscription belongs to his team, so it is delivered.
    await client.leads.create({ name: "Webhook Probe" });
    let logs = await client.webhooks.logs(hook.id);
    for (let i = 0; i < 50 && logs.length === 0; i++) {
      await flushWebhooks();
      await new Promise((r) => setTimeout(r, 50));
      logs = await client.webhooks.logs(hook.id, { limit: 10 });
    }
    expect(logs[0]).toMatchObject({ webhook_id: hook.id, event: "lead.created", attempt: 1, success: true });
    expect(logs[0]?.response_status).toBe(200);

    expect(await client.webhooks.delete(hook.id)).toMatchObject({ id: hook.id, active: false });
    expect((await client.webhooks.list()).map((w) => w.id)).toEqual([FIXTURE_WEBHOOK]);
  });
});

describe("paginate", () => {
  it("walks all 60 seeded leads, 7 per page, in 9 requests", async () => {
    const { client, count } = await standard();
    const ids: string[] = [];
    // paginate cannot infer the item type through the lists' open (loose) shapes, hence the type arguments.
    for await (const lead of paginate(client.leads.list, "leads", { limit: 7 })) {
      ids.push(lead.id);
    }
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    expect(count("GET /leads")).toBe(9);
  });

  it("walks every escrow with a filter kept on every page", async () => {
    const { client, count } = await standard();
    const first = await client.escrows.list({ limit: 1, sort: "closing_date", order: "asc" });
    const total = first.meta?.total ?? 0;
    expect(total).toBeGreaterThan(20);
    const seen: string[] = [];
    const query = { limit: 10, sort: "closing_date", order: "asc" } as const;
    for await (const e of paginate(client.escrows.list, "escrows", query)) {
      seen.push(e.display_id);
    }
    expect(new Set(seen).size).toBe(total);
    expect(seen[0]).toBe(first.escrows[0]?.display_id);
    expect(count("GET /escrows")).toBe(1 + Math.ceil(total / 10));
  });
});

describe("error mapping", () => {
  const ERR_IP = "10.70.1.1";
  const keyClient = async (name: string) =>
    (await sandboxClient({ ip: ERR_IP, apiKey: await fixtureKey(name) })).client;
  const userClient = async (email: string) => (await sandboxClient({ ip: ERR_IP, email, password: PASSWORD })).client;

  it("maps every documented error the sandbox produces to a typed http error", async () => {
    const { client } = await sandboxClient({ ip: ERR_IP, apiKey: fullKey, email: USERS.maria, password: PASSWORD });
    const v = await httpError(client.leads.create({ name: "X", email: "nope" }), 400, "VALIDATION_ERROR");
    expect(v.details).toEqual([expect.objectContaining({ field: "email" })]);
    await httpError(client.leads.update(RACHEL, {}), 400, "NO_UPDATES");
    await httpError(client.leads.get("00000000-0000-4000-8000-000000000000"), 404, "NOT_FOUND");
    await httpError(
      (await sandboxClient({ ip: ERR_IP, apiKey: "0".repeat(64) })).client.leads.list(),
      401,
      "INVALID_API_KEY",
    );
    await httpError((await keyClient("expired")).leads.list(), 401, "API_KEY_EXPIRED");
    await httpError((await keyClient("revoked")).leads.list(), 401, "API_KEY_DEACTIVATED");
    const scope = await httpError((await keyClient("escrow-digest")).leads.list(), 403, "INSUFFICIENT_SCOPE");
    expect(scope.details).toMatchObject({ required_scope: "leads:read" });
    // The client never sends a key to a JWT-only group; the raw transport can, as a misconfigured caller would.
    await httpError(
      client.transport.request({ method: "GET", path: "/contacts", auth: "key-or-jwt", data: z.unknown() }),
      401,
      "NO_AUTH_TOKEN",
    );
    await httpError((await userClient(USERS.jordan)).webhooks.list(), 403, "FORBIDDEN");
    await httpError((await userClient(USERS.sam)).contacts.list(), 403, "ACCOUNT_NOT_ACTIVE");
    const conflict = await httpError(client.leads.update(RACHEL, { notes: "x", version: 9 }), 409, "VERSION_CONFLICT");
    expect(conflict.details).toMatchObject({ currentVersion: 1, attemptedVersion: 9 });

    const torres = await client.clients.get(TORRES_CLIENT);
    await httpError(
      client.clients.create({ first_name: "Dup", last_name: "Email", client_type: "buyer", email: torres.email }),
      409,
      "DUPLICATE_EMAIL",
    );
    await httpError(
      client.auth.register({
        email: USERS.maria,
        username: "maria2",
        password: "Welcome123",
        firstName: "M",
        lastName: "A",
      }),
      409,
      "USER_EXISTS",
    );
    await httpError(client.escrows.delete("ESC-2026-0042"), 400, "NOT_ARCHIVED");
    const converted = (await client.leads.list({ status: "converted", limit: 1 })).leads[0];
    expect(converted).toBeDefined();
    await httpError(client.leads.convert(converted?.id ?? ""), 400, "INVALID_TRANSITION");
    await httpError(client.auth.login({ email: USERS.jordan, password: "Wrong1234" }), 401, "INVALID_CREDENTIALS");
    await httpError(client.auth.login({ email: "", password: "" }), 400, "MISSING_CREDENTIALS");
    await httpError(client.auth.refresh("0".repeat(80)), 401, "INVALID_REFRESH_TOKEN");
  });

  it("maps a lockout to 423 ACCOUNT_LOCKED with locked_until", async () => {
    const { client } = await sandboxClient({ ip: "10.70.2.1" });
    for (let i = 1; i <= 4; i++) {
      await httpError(client.auth.login({ email: USERS.sam, password: "Wrong1234" }), 401, "INVALID_CREDENTIALS");
    }
    const locked = await httpError(
      client.auth.login({ email: USERS.sam, password: "Wrong1234" }),
      423,
      "ACCOUNT_LOCKED",
    );
    expect(locked.details).toEqual({ locked_until: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it("reports a missing required field as invalid_response naming it", async () => {
    const { client } = await sandboxClient({
      ip: IP,
      apiKey: fullKey,
      rewrite: (op, body) => {
        if (op === "GET /leads/{id}") delete body.data.id;
        else if (op === "GET /leads") delete body.data.leads[3].id;
        else return undefined;
        return body;
      },
    });
    const one = await client.leads.get(RACHEL).catch((e: unknown) => e);
    expect(one).toBeInstanceOf(ActuallyCareError);
    expect(one).toMatchObject({ kind: "invalid_response", code: "INVALID_RESPONSE", field: "data.id" });
    expect(one).toMatchObject({ retryable: false, status: undefined });
    const list = await client.leads.list({ limit: 5 }).catch((e: unknown) => e);
    expect(list).toMatchObject({ kind: "invalid_response", field: "data.leads.3.id" });
  });

  it("takes the sandbox's answers cut down to what the docs show (no timestamp, version, dates or meta)", async () => {
    const { client } = await sandboxClient({
      ip: IP,
      apiKey: fullKey,
      rewrite: (op, body) => {
        if (op !== "GET /leads/{id}" && op !== "GET /leads") return undefined;
        delete body.timestamp;
        const records = op === "GET /leads" ? body.data.leads : [body.data];
        for (const r of records) for (const k of ["version", "created_at", "updated_at", "name"]) delete r[k];
        if (op === "GET /leads") delete body.data.meta;
        return body;
      },
    });
    const lead = await client.leads.get(RACHEL);
    expect(lead).toMatchObject({ id: RACHEL, email: "rachel.kim@example.com", budget: 380000 });
    expect(lead.version).toBeUndefined();
    const page = await client.leads.list({ limit: 5 });
    expect(page.leads).toHaveLength(5);
    expect(page.meta).toBeUndefined();
  });
});

describe("JWT session", () => {
  it("refreshes an expiring access token without logging in again", async () => {
    const clock = offsetClock();
    const { client, count, sent } = await sandboxClient({ ip: IP, email: USERS.maria, password: PASSWORD, clock });
    const before = await client.auth.sessions();
    expect(before).toHaveLength(1);
    expect(count("POST /auth/login")).toBe(1);

    await advanceSandboxClock(16 * MINUTE);
    clock.advance(16 * MINUTE);
    const after = await client.auth.sessions();
    expect(count("POST /auth/refresh")).toBe(1);
    expect(count("POST /auth/login")).toBe(1);
    // Rotation keeps the session: the same one, still current.
    expect(after.map((s) => [s.id, s.isCurrent])).toEqual([[before[0]?.id, true]]);
    expect(sent.filter((s) => s.status === 401)).toEqual([]);
    expect(sent.find((s) => s.op === "GET /auth/sessions" && s.auth !== "bearer")).toBeUndefined();
  });

  it("logs in again when the refresh is refused", async () => {
    const clock = offsetClock();
    const { client, count, sent } = await sandboxClient({ ip: IP, email: USERS.maria, password: PASSWORD, clock });
    await client.auth.logoutAll();
    await advanceSandboxClock(16 * MINUTE);
    clock.advance(16 * MINUTE);
    const sessions = await client.auth.sessions();
    expect(sessions).toHaveLength(1);
    expect(sent.filter((s) => s.op === "POST /auth/refresh").map((s) => s.status)).toEqual([401]);
    expect(count("POST /auth/login")).toBe(2);
  });
});

describe("coverage", () => {
  it("called every one of the 64 operations through the client (run the whole file)", () => {
    expect(OPERATIONS).toHaveLength(64);
    expect(OPERATIONS.filter((op) => !covered.has(op))).toEqual([]);
  });
});
