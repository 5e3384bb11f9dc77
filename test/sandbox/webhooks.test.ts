import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, expectError, fixtureKey, login, resetSandbox, USERS } from "../support/sandbox-client";

// Webhook management (spec §2.10): JWT only, brokers and system admins.
const IP = "10.31.0.1";
const FIXTURE_ID = "wh_3f9a1c7e2b40";
const WH_ID = /^wh_[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const RECORD_KEYS = ["active", "created_at", "events", "id", "last_triggered", "secret", "updated_at", "url"];

/** Every event the sandbox's operations can cause, plus webhook.test (spec §3.1). */
const CATALOG: Record<string, string[]> = {
  appointment: ["appointment.created", "appointment.updated", "appointment.cancelled", "appointment.deleted"],
  client: ["client.created", "client.updated", "client.deleted"],
  contact: ["contact.created", "contact.updated", "contact.archived", "contact.restored", "contact.deleted"],
  escrow: [
    "escrow.created",
    "escrow.updated",
    "escrow.status_changed",
    "escrow.archived",
    "escrow.restored",
    "escrow.deleted",
  ],
  lead: ["lead.created", "lead.updated", "lead.converted", "lead.deleted"],
  listing: ["listing.created", "listing.updated", "listing.status_changed", "listing.deleted"],
  webhook: ["webhook.test"],
};

let maria: string;
let jordan: string;
let full: string;

beforeAll(async () => {
  full = await fixtureKey("full-access");
});
beforeEach(async () => {
  await resetSandbox();
  maria = (await login(USERS.maria, IP)).accessToken;
  jordan = (await login(USERS.jordan, IP)).accessToken;
});

const asMaria = (path: string, opts: { method?: string; body?: unknown; rawBody?: string } = {}) =>
  call(path, { ...opts, token: maria, ip: IP, headers: opts.rawBody ? { "Content-Type": "application/json" } : {} });

const create = (body: unknown) => asMaria("/v1/webhooks", { method: "POST", body });

const fieldsOf = (e: { details: { field: string }[] }) => e.details.map((d) => d.field).sort();

describe("webhooks: list and create", () => {
  it("lists the fixture subscription as a bare array with the secret in clear text and no meta", async () => {
    const r = await asMaria("/v1/webhooks");
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(Object.keys(r.body).sort()).toEqual(["data", "success", "timestamp"]);
    expect(r.body.data).toEqual([
      {
        id: FIXTURE_ID,
        url: "https://hooks.example.com/actuallycare",
        events: ["lead.created", "escrow.status_changed"],
        secret: "sandbox_whsec_2026",
        active: true,
        last_triggered: null,
        created_at: expect.stringMatching(ISO_MS),
        updated_at: expect.stringMatching(ISO_MS),
      },
    ]);
  });

  it("creates a subscription: 201, wh_ + 12 hex id, clear-text secret, active, listed newest first", async () => {
    const r = await create({
      url: "https://receiver.example.net/hooks",
      events: ["lead.created", "client.updated"],
      secret: "s3cret-value-123",
    });
    expect(r.status).toBe(201);
    expect(r.body.success).toBe(true);
    const hook = r.body.data;
    expect(Object.keys(hook).sort()).toEqual(RECORD_KEYS);
    expect(hook).toMatchObject({
      url: "https://receiver.example.net/hooks",
      events: ["lead.created", "client.updated"],
      secret: "s3cret-value-123",
      active: true,
      last_triggered: null,
    });
    expect(hook.id).toMatch(WH_ID);
    expect(hook.created_at).toMatch(ISO_MS);
    expect(hook.updated_at).toBe(hook.created_at);
    // Created at sandbox time (fixture "now" is 2026-07-01T16:00Z), not wall-clock time.
    expect(hook.created_at.startsWith("2026-07-01T")).toBe(true);

    const second = await create({ url: "https://b.example.org/x", events: ["all"], secret: "another-secret" });
    expect(second.status).toBe(201);
    expect(second.body.data.id).not.toBe(hook.id);
    const list = await asMaria("/v1/webhooks");
    expect(list.body.data.map((w: { id: string }) => w.id)).toEqual([second.body.data.id, hook.id, FIXTURE_ID]);
    expect(list.body.data[1]).toEqual(hook);
  });

  it("pages the list with page and limit, and rejects bad paging values", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await create({ url: `https://p${i}.example.com/h`, events: ["lead.created"], secret: "paging-secret" });
      ids.push(r.body.data.id);
    }
    const page1 = await asMaria("/v1/webhooks?limit=2");
    expect(page1.body.data.map((w: { id: string }) => w.id)).toEqual([ids[2], ids[1]]);
    const page2 = await asMaria("/v1/webhooks?limit=2&page=2");
    expect(page2.body.data.map((w: { id: string }) => w.id)).toEqual([ids[0], FIXTURE_ID]);
    expect((await asMaria("/v1/webhooks?limit=2&page=3")).body.data).toEqual([]);
    expect(fieldsOf(expectError(await asMaria("/v1/webhooks?limit=0"), 400, "VALIDATION_ERROR"))).toEqual(["limit"]);
    expect(fieldsOf(expectError(await asMaria("/v1/webhooks?page=x"), 400, "VALIDATION_ERROR"))).toEqual(["page"]);
  });

  it("accepts http:// only for localhost and 127.0.0.1, and any shape-valid event name", async () => {
    for (const url of ["http://localhost:9000/hook", "http://127.0.0.1:8080/h"]) {
      expect((await create({ url, events: ["lead.created"], secret: "local-secret" })).status).toBe(201);
    }
    // Forward compatibility (spec §1.8, §2.10): names are checked only by shape, not against the catalog.
    const future = await create({
      url: "https://x.example.com/h",
      events: ["care_status.changed", "future_thing.happened"],
      secret: "1234567890",
    });
    expect(future.status).toBe(201);
    expect(future.body.data.events).toEqual(["care_status.changed", "future_thing.happened"]);
  });

  it("lower-cases event names and drops duplicates", async () => {
    const r = await create({
      url: "https://x.example.com/h",
      events: ["Lead.Created", "lead.created", "ESCROW.STATUS_CHANGED"],
      secret: "1234567890",
    });
    expect(r.status).toBe(201);
    expect(r.body.data.events).toEqual(["lead.created", "escrow.status_changed"]);
  });

  it("reports every problem of a create body at once", async () => {
    const empty = expectError(await create({}), 400, "VALIDATION_ERROR");
    expect(empty.message).toBe("Invalid request data");
    expect(fieldsOf(empty)).toEqual(["events", "secret", "url"]);

    const bad = expectError(
      await create({ url: "http://hooks.example.com/x", events: [], secret: "short" }),
      400,
      "VALIDATION_ERROR",
    );
    expect(fieldsOf(bad)).toEqual(["events", "secret", "url"]);
    for (const d of bad.details) expect(typeof d.message).toBe("string");
  });

  it.each([
    ["not a url"],
    ["ftp://files.example.com/hook"],
    ["http://hooks.example.com/plain-http"],
    ["http://192.168.1.10/private"],
    ["https://"],
    [42],
  ])("rejects the url %j", async (url) => {
    const e = expectError(
      await create({ url, events: ["lead.created"], secret: "long-enough-secret" }),
      400,
      "VALIDATION_ERROR",
    );
    expect(e.details).toEqual([{ field: "url", message: expect.any(String) }]);
  });

  it("rejects malformed event names, naming each bad entry", async () => {
    const e = expectError(
      await create({
        url: "https://x.example.com/h",
        events: ["lead.created", "lead", "lead.created.extra", "lead-created", "lead.cre4ted", 7],
        secret: "long-enough-secret",
      }),
      400,
      "VALIDATION_ERROR",
    );
    expect(fieldsOf(e)).toEqual(["events.1", "events.2", "events.3", "events.4", "events.5"]);
    const notArray = expectError(
      await create({ url: "https://x.example.com/h", events: "lead.created", secret: "long-enough-secret" }),
      400,
      "VALIDATION_ERROR",
    );
    expect(fieldsOf(notArray)).toEqual(["events"]);
  });

  it("rejects a malformed JSON body on field body", async () => {
    const e = expectError(
      await asMaria("/v1/webhooks", { method: "POST", rawBody: '{"url":' }),
      400,
      "VALIDATION_ERROR",
    );
    expect(e.details).toEqual([{ field: "body", message: expect.any(String) }]);
  });
});

describe("webhooks: event catalog", () => {
  it("lists the catalog as a bare array with meta at the top level", async () => {
    const r = await asMaria("/v1/webhooks/events");
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(["data", "meta", "success", "timestamp"]);
    const all = Object.values(CATALOG).flat();
    expect(r.body.meta).toEqual({ total: all.length, categories: Object.keys(CATALOG) });
    expect(r.body.data.map((e: { event: string }) => e.event).sort()).toEqual([...all].sort());
    for (const e of r.body.data) {
      expect(Object.keys(e).sort()).toEqual(["category", "description", "event", "payload"]);
      expect(e.category).toBe(e.event.split(".")[0]);
      expect(e.description.length).toBeGreaterThan(0);
    }
    const byName = new Map(r.body.data.map((e: { event: string }) => [e.event, e]));
    expect(byName.get("lead.created")).toMatchObject({
      category: "lead",
      payload: ["id", "name", "email", "phone", "source", "status"],
    });
    expect((byName.get("escrow.status_changed") as { payload: string[] }).payload).toEqual([
      "id",
      "escrow_number",
      "property_address",
      "previous_status",
      "status",
    ]);
    expect((byName.get("webhook.test") as { payload: string[] }).payload).toEqual(["test", "message"]);
    expect((byName.get("contact.archived") as { payload: string[] }).payload).toEqual(["id"]);
  });

  it("filters by category, case-insensitively; an unknown category gives an empty list", async () => {
    const r = await asMaria("/v1/webhooks/events?category=Lead");
    expect(r.status).toBe(200);
    expect(r.body.data.map((e: { event: string }) => e.event)).toEqual(CATALOG.lead);
    expect(r.body.meta).toEqual({ total: 4, categories: Object.keys(CATALOG) });
    const none = await asMaria("/v1/webhooks/events?category=nothing");
    expect(none.body.data).toEqual([]);
    expect(none.body.meta.total).toBe(0);
  });

  it("lists the categories sorted, each with its count and events", async () => {
    const r = await asMaria("/v1/webhooks/events/categories");
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(["data", "success", "timestamp"]);
    expect(r.body.data).toEqual(
      Object.entries(CATALOG).map(([category, events]) => ({ category, count: events.length, events })),
    );
  });
});

describe("webhooks: update, deactivate, logs", () => {
  it("updates any of url, events, secret and active, partially", async () => {
    const made = (await create({ url: "https://a.example.com/h", events: ["lead.created"], secret: "first-secret" }))
      .body.data;
    await call("/__sandbox/clock", { method: "POST", body: { advanceMs: 60_000 } });
    const r = await asMaria(`/v1/webhooks/${made.id}`, {
      method: "PUT",
      body: { url: "https://b.example.com/h2", events: ["all"], secret: "second-secret", ignored: 1 },
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({
      ...made,
      url: "https://b.example.com/h2",
      events: ["all"],
      secret: "second-secret",
      updated_at: expect.stringMatching(ISO_MS),
    });
    expect(Date.parse(r.body.data.updated_at)).toBeGreaterThanOrEqual(Date.parse(made.created_at) + 60_000);
    const list = await asMaria("/v1/webhooks");
    expect(list.body.data[0]).toEqual(r.body.data);

    const onlySecret = await asMaria(`/v1/webhooks/${made.id}`, { method: "PUT", body: { secret: "third-secret!" } });
    expect(onlySecret.body.data).toMatchObject({
      url: "https://b.example.com/h2",
      events: ["all"],
      secret: "third-secret!",
    });
  });

  it("deactivates and reactivates with PUT active", async () => {
    const made = (await create({ url: "https://a.example.com/h", events: ["lead.created"], secret: "first-secret" }))
      .body.data;
    const off = await asMaria(`/v1/webhooks/${made.id}`, { method: "PUT", body: { active: false } });
    expect(off.body.data.active).toBe(false);
    expect((await asMaria("/v1/webhooks")).body.data.map((w: { id: string }) => w.id)).toEqual([FIXTURE_ID]);
    const on = await asMaria(`/v1/webhooks/${made.id}`, { method: "PUT", body: { active: true } });
    expect(on.body.data.active).toBe(true);
    expect((await asMaria("/v1/webhooks")).body.data.map((w: { id: string }) => w.id)).toEqual([made.id, FIXTURE_ID]);
  });

  it("validates a PUT like a create, and rejects a PUT with nothing recognised", async () => {
    const path = `/v1/webhooks/${FIXTURE_ID}`;
    const e = expectError(
      await asMaria(path, {
        method: "PUT",
        body: { url: "ftp://x", events: ["nope"], secret: "short", active: "yes" },
      }),
      400,
      "VALIDATION_ERROR",
    );
    expect(fieldsOf(e)).toEqual(["active", "events.0", "secret", "url"]);
    expect(
      fieldsOf(expectError(await asMaria(path, { method: "PUT", body: { events: [] } }), 400, "VALIDATION_ERROR")),
    ).toEqual(["events"]);
    expectError(await asMaria(path, { method: "PUT", body: {} }), 400, "NO_UPDATES");
    expectError(
      await asMaria(path, { method: "PUT", body: { id: "wh_000000000000", bogus: true } }),
      400,
      "NO_UPDATES",
    );
    // Nothing changed.
    expect((await asMaria("/v1/webhooks")).body.data[0].url).toBe("https://hooks.example.com/actuallycare");
  });

  it("gives 404 for unknown or malformed ids on PUT, DELETE and logs", async () => {
    for (const id of ["wh_000000000000", "not-an-id", "WH_3F9A1C7E2B40"]) {
      expectError(
        await asMaria(`/v1/webhooks/${id}`, { method: "PUT", body: { secret: "long-enough-secret" } }),
        404,
        "NOT_FOUND",
      );
      expectError(await asMaria(`/v1/webhooks/${id}`, { method: "DELETE" }), 404, "NOT_FOUND");
      expectError(await asMaria(`/v1/webhooks/${id}/logs`), 404, "NOT_FOUND");
    }
  });

  it("validates a PUT body before looking the id up (spec §4.2)", async () => {
    expectError(
      await asMaria("/v1/webhooks/wh_000000000000", { method: "PUT", body: { secret: "x" } }),
      400,
      "VALIDATION_ERROR",
    );
  });

  it("DELETE deactivates: returns the record with active false, leaves the list, and is idempotent", async () => {
    const r = await asMaria(`/v1/webhooks/${FIXTURE_ID}`, { method: "DELETE" });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.data).sort()).toEqual(RECORD_KEYS);
    expect(r.body.data).toMatchObject({ id: FIXTURE_ID, active: false, secret: "sandbox_whsec_2026" });
    expect((await asMaria("/v1/webhooks")).body.data).toEqual([]);
    const again = await asMaria(`/v1/webhooks/${FIXTURE_ID}`, { method: "DELETE" });
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual(r.body.data);
    // Its logs stay readable.
    const logs = await asMaria(`/v1/webhooks/${FIXTURE_ID}/logs`);
    expect(logs.status).toBe(200);
    expect(logs.body.data).toEqual([]);
  });

  it("returns the logs as a bare array without meta, and validates paging", async () => {
    const r = await asMaria(`/v1/webhooks/${FIXTURE_ID}/logs`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(["data", "success", "timestamp"]);
    expect(r.body.data).toEqual([]);
    expectError(await asMaria(`/v1/webhooks/${FIXTURE_ID}/logs?limit=101`), 400, "VALIDATION_ERROR");
  });
});

describe("webhooks: access rules", () => {
  const OPS: { method: string; path: string; body?: unknown }[] = [
    { method: "GET", path: "/v1/webhooks" },
    {
      method: "POST",
      path: "/v1/webhooks",
      body: { url: "https://x.example.com/h", events: ["all"], secret: "0123456789" },
    },
    { method: "GET", path: "/v1/webhooks/events" },
    { method: "GET", path: "/v1/webhooks/events/categories" },
    { method: "PUT", path: `/v1/webhooks/${FIXTURE_ID}`, body: { active: false } },
    { method: "DELETE", path: `/v1/webhooks/${FIXTURE_ID}` },
    { method: "GET", path: `/v1/webhooks/${FIXTURE_ID}/logs` },
  ];

  it("answers an API key alone with 401 NO_AUTH_TOKEN on every operation", async () => {
    for (const op of OPS) {
      const e = expectError(await call(op.path, { ...op, key: full, ip: IP }), 401, "NO_AUTH_TOKEN");
      expect(e.message).toBe("No authentication token provided");
    }
    expectError(await call("/v1/webhooks", { ip: IP }), 401, "NO_AUTH_TOKEN");
    expectError(await call("/v1/webhooks", { ip: IP, headers: { "API-Key": full } }), 401, "NO_AUTH_TOKEN");
  });

  it("ignores a key header beside a broker's JWT, even an invalid one", async () => {
    for (const key of [full, "0".repeat(64)]) {
      const r = await call("/v1/webhooks", { key, token: maria, ip: IP });
      expect(r.status).toBe(200);
      expect(r.body.data[0].id).toBe(FIXTURE_ID);
    }
  });

  it("forbids agents on every operation, the catalog included, before validation and lookup", async () => {
    for (const op of OPS) {
      const e = expectError(await call(op.path, { ...op, token: jordan, ip: IP }), 403, "FORBIDDEN");
      expect(e.message.length).toBeGreaterThan(0);
    }
    expectError(await call("/v1/webhooks", { method: "POST", body: {}, token: jordan, ip: IP }), 403, "FORBIDDEN");
    expectError(await call("/v1/webhooks/wh_000000000000/logs", { token: jordan, ip: IP }), 403, "FORBIDDEN");
    // The forbidden writes changed nothing.
    const list = await asMaria("/v1/webhooks");
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0].active).toBe(true);
  });

  it("rejects bad and expired tokens with 401", async () => {
    expectError(await call("/v1/webhooks", { token: "nope", ip: IP }), 401, "INVALID_TOKEN");
    await call("/__sandbox/clock", { method: "POST", body: { advanceMs: 16 * 60_000 } });
    expectError(await call("/v1/webhooks", { token: maria, ip: IP }), 401, "TOKEN_EXPIRED");
  });

  it("gives a waitlisted user 403 ACCOUNT_NOT_ACTIVE", async () => {
    const sam = (await login(USERS.sam, IP)).accessToken;
    expectError(await call("/v1/webhooks", { token: sam, ip: IP }), 403, "ACCOUNT_NOT_ACTIVE");
  });

  it("answers paths and methods the group does not serve with 404 before any auth (spec §4.2)", async () => {
    for (const [method, path] of [
      ["GET", `/v1/webhooks/${FIXTURE_ID}`],
      ["POST", "/v1/webhooks/events"],
      ["PATCH", `/v1/webhooks/${FIXTURE_ID}`],
    ] as const) {
      expect(expectError(await call(path, { method, ip: IP }), 404, "NOT_FOUND").message).toBe("Endpoint not found");
      expectError(await call(path, { method, token: jordan, ip: IP }), 404, "NOT_FOUND");
    }
  });

  it("lets the broker perform every operation", async () => {
    for (const op of OPS) {
      const r = await call(op.path, { ...op, token: maria, ip: IP });
      expect([200, 201]).toContain(r.status);
      expect(r.body.success).toBe(true);
    }
  });
});
