import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ApiResult, call, fixtureKey, login, resetSandbox, USERS } from "../support/sandbox-client";

/**
 * Names an object inherits (`constructor`, `__proto__`, `toString`...) are no sort, filter, id or setting: wherever a
 * request value is looked up, such a name gets the documented fallback, a 400 or a 404, never a 5xx.
 */

const PROTOTYPE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
  "__defineGetter__",
  "propertyIsEnumerable",
  "toLocaleString",
];

let full: string;
let jordan: string;
let maria: string;
let ipCounter = 0;
/** A fresh client IP per request, so the table never meets the global rate limit. */
const nextIp = () => {
  ipCounter++;
  return `10.72.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;
};

beforeAll(async () => {
  full = await fixtureKey("full-access");
});
beforeEach(async () => {
  await resetSandbox();
  jordan = (await login(USERS.jordan, nextIp())).accessToken;
  maria = (await login(USERS.maria, nextIp())).accessToken;
});

interface ListRoute {
  path: string;
  auth: () => { key?: string; token?: string };
  params: string[];
}

const LIST_ROUTES: ListRoute[] = [
  { path: "/v1/leads", auth: () => ({ key: full }), params: ["page", "limit", "status", "interest_level"] },
  { path: "/v1/clients", auth: () => ({ key: full }), params: ["page", "limit", "client_type", "status"] },
  {
    path: "/v1/escrows",
    auth: () => ({ key: full }),
    params: [
      "sort",
      "order",
      "status",
      "search",
      "minPrice",
      "maxPrice",
      "closingDateStart",
      "closingDateEnd",
      "archived",
      "page",
      "limit",
    ],
  },
  {
    path: "/v1/listings",
    auth: () => ({ key: full }),
    params: ["page", "limit", "status", "minPrice", "maxPrice"],
  },
  {
    path: "/v1/appointments",
    auth: () => ({ key: full }),
    params: ["page", "limit", "start_date", "appointment_type", "status"],
  },
  { path: "/v1/contacts", auth: () => ({ token: jordan }), params: ["page", "limit", "search", "type", "archived"] },
  { path: "/v1/contacts/search", auth: () => ({ token: jordan }), params: ["role", "name", "email", "limit"] },
  { path: "/v1/api-keys", auth: () => ({ token: jordan }), params: [] },
  { path: "/v1/auth/sessions", auth: () => ({ token: jordan }), params: [] },
  { path: "/v1/billing/plans", auth: () => ({ token: jordan }), params: [] },
  { path: "/v1/billing/public-plans", auth: () => ({}), params: [] },
  { path: "/v1/webhooks", auth: () => ({ token: maria }), params: ["page", "limit"] },
  { path: "/v1/webhooks/events", auth: () => ({ token: maria }), params: ["category"] },
  { path: "/v1/webhooks/events/categories", auth: () => ({ token: maria }), params: [] },
  { path: "/v1/webhooks/wh_3f9a1c7e2b40/logs", auth: () => ({ token: maria }), params: ["page", "limit"] },
  { path: "/__sandbox/deliveries", auth: () => ({}), params: ["webhook_id"] },
  { path: "/__sandbox/faults", auth: () => ({}), params: [] },
  { path: "/__sandbox/checkout/cs_x", auth: () => ({}), params: ["plan", "interval", "email"] },
  { path: "/__sandbox/billing-portal/bps_x", auth: () => ({}), params: ["return_url"] },
];

const get = (path: string, auth: { key?: string; token?: string }) => call(path, { ip: nextIp(), ...auth });

function expectNo5xx(r: ApiResult, what: string): void {
  expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBeLessThan(500);
  expect(r.body?.success, what).toBeTypeOf("boolean");
}

describe("prototype names in query parameters", () => {
  it.each(LIST_ROUTES)(
    "never cause a 5xx on $path, as a value or as a parameter name",
    async (route) => {
      for (const name of PROTOTYPE_KEYS) {
        const q = encodeURIComponent(name);
        for (const param of route.params) {
          expectNo5xx(await get(`${route.path}?${param}=${q}`, route.auth()), `${route.path}?${param}=${name}`);
        }
        expectNo5xx(await get(`${route.path}?${q}=1`, route.auth()), `${route.path}?${name}=1`);
        expectNo5xx(await get(`${route.path}?${q}=${q}&${q}=x`, route.auth()), `${route.path}?${name}=${name}&…`);
      }
    },
    30_000,
  );

  it("sort the escrow list by created_at, desc, when sort or order is an inherited name (spec §2.7)", async () => {
    const ids = (r: ApiResult) => r.body.data.escrows.map((e: { id: string }) => e.id);
    const byDefault = await get("/v1/escrows?limit=100", { key: full });
    const oldestFirst = await get("/v1/escrows?limit=100&order=asc", { key: full });
    expect(byDefault.status).toBe(200);
    expect(ids(byDefault)).toEqual([...ids(oldestFirst)].reverse());
    for (const name of PROTOTYPE_KEYS) {
      const q = encodeURIComponent(name);
      const sorted = await get(`/v1/escrows?limit=100&sort=${q}`, { key: full });
      expect(sorted.status, name).toBe(200);
      expect(ids(sorted), name).toEqual(ids(byDefault));
      const ordered = await get(`/v1/escrows?limit=100&sort=${q}&order=${q}`, { key: full });
      expect(ids(ordered), name).toEqual(ids(byDefault));
      const asc = await get(`/v1/escrows?limit=100&sort=${q}&order=asc`, { key: full });
      expect(ids(asc), name).toEqual(ids(oldestFirst));
    }
    // The documented sorts still work.
    const byPrice = await get("/v1/escrows?limit=100&sort=purchase_price&order=asc", { key: full });
    const prices = byPrice.body.data.escrows.map((e: { purchase_price: number | null }) => e.purchase_price);
    const known = prices.filter((p: number | null) => p !== null);
    expect(known).toEqual([...known].sort((a: number, b: number) => a - b));
  });

  it("answer a filter or role that is an inherited name with 400 naming the field", async () => {
    const cases: Array<[string, { key?: string; token?: string }, string]> = [
      ["/v1/leads?status=", { key: full }, "status"],
      ["/v1/escrows?status=", { key: full }, "status"],
      ["/v1/contacts?type=", { token: jordan }, "type"],
      ["/v1/contacts/search?role=", { token: jordan }, "role"],
    ];
    for (const [path, auth, field] of cases) {
      for (const name of PROTOTYPE_KEYS) {
        const r = await get(`${path}${encodeURIComponent(name)}`, auth);
        expect(r.status, `${path}${name}`).toBe(400);
        expect(
          r.body.error.details.map((d: { field: string }) => d.field),
          `${path}${name}`,
        ).toEqual([field]);
      }
    }
  });
});

describe("prototype names as path ids", () => {
  it("are 404 on every route that looks an id up, never a 5xx", async () => {
    const keyed: Array<[string, string]> = [
      ["GET", "/v1/leads/:id"],
      ["PUT", "/v1/leads/:id"],
      ["DELETE", "/v1/leads/:id"],
      ["POST", "/v1/leads/:id/convert"],
      ["GET", "/v1/clients/:id"],
      ["GET", "/v1/escrows/:id"],
      ["GET", "/v1/escrows/:id/timeline"],
      ["PATCH", "/v1/escrows/:id/archive"],
      ["GET", "/v1/listings/:id"],
      ["GET", "/v1/appointments/:id"],
    ];
    const jwt: Array<[string, string, () => string]> = [
      ["GET", "/v1/contacts/:id", () => jordan],
      ["PATCH", "/v1/contacts/:id/archive", () => jordan],
      ["PATCH", "/v1/api-keys/:id/scopes", () => jordan],
      ["PUT", "/v1/api-keys/:id/revoke", () => jordan],
      ["DELETE", "/v1/api-keys/:id", () => jordan],
      ["PUT", "/v1/webhooks/:id", () => maria],
      ["GET", "/v1/webhooks/:id/logs", () => maria],
    ];
    // Valid bodies: validation comes before the lookup (spec §4.2), and the lookup is what is tested.
    const body = (method: string) => (method === "GET" || method === "DELETE" ? undefined : { notes: "x" });
    for (const name of PROTOTYPE_KEYS) {
      const id = encodeURIComponent(name);
      for (const [method, path] of keyed) {
        const r = await call(path.replace(":id", id), { method, key: full, ip: nextIp(), body: body(method) });
        expect(r.status, `${method} ${path} ${name}: ${JSON.stringify(r.body)}`).toBe(404);
      }
      for (const [method, path, token] of jwt) {
        const payload = path.endsWith("/scopes")
          ? { scopes: { leads: ["read"] } }
          : method === "PUT" && path.startsWith("/v1/webhooks")
            ? { active: true }
            : body(method);
        const r = await call(path.replace(":id", id), { method, token: token(), ip: nextIp(), body: payload });
        expect(r.status, `${method} ${path} ${name}: ${JSON.stringify(r.body)}`).toBe(404);
      }
      const test = await call(`/__sandbox/webhooks/${id}/test`, { method: "POST" });
      expect(test.status, `webhook test ${name}`).toBe(404);
    }
  }, 30_000);
});

describe("prototype names in bodies", () => {
  it("cannot reach the config through an inherited or __proto__ key", async () => {
    const before = (await call("/__sandbox/config")).body.data;
    for (const name of PROTOTYPE_KEYS) {
      for (const raw of [
        `{${JSON.stringify(name)}:{"maxBodyBytes":5}}`,
        `{"rateLimits":{${JSON.stringify(name)}:{"limit":1,"windowMs":1}}}`,
        `{${JSON.stringify(name)}:1}`,
      ]) {
        const r = await call("/__sandbox/config", {
          method: "POST",
          rawBody: raw,
          headers: { "Content-Type": "application/json" },
        });
        expect(r.status, raw).toBe(200);
        expect(r.body.data, raw).toEqual(before);
      }
    }
    // The config still takes real settings, and a tiny body cap is not in force by accident.
    const r = await call("/v1/leads", { method: "POST", key: full, ip: nextIp(), body: { name: "Ana Ruiz" } });
    expect(r.status).toBe(201);
  });

  it("are plain fields: scope names, unknown fields and profile settings", async () => {
    for (const name of PROTOTYPE_KEYS) {
      const raw = `{"name":"Ana Ruiz",${JSON.stringify(name)}:{"x":1}}`;
      const lead = await call("/v1/leads", {
        method: "POST",
        key: full,
        ip: nextIp(),
        rawBody: raw,
        headers: { "Content-Type": "application/json" },
      });
      expect(lead.status, raw).toBe(201);
      expect(Object.hasOwn(lead.body.data, name), name).toBe(false);
      const key = await call("/v1/api-keys", {
        method: "POST",
        token: jordan,
        ip: nextIp(),
        rawBody: `{"name":"k","scopes":{${JSON.stringify(name)}:["read"]}}`,
        headers: { "Content-Type": "application/json" },
      });
      if (name === "__proto__") {
        // zod never copies a `__proto__` key into what it parses: the key is dropped, the prototype untouched.
        expect(key.status).toBe(201);
        expect(key.body.data.scopes).toEqual({});
      } else if (/^[a-z][a-z0-9_-]*$/.test(name)) {
        // Lower-case names are resources like any other, granting that resource only.
        expect(key.status, name).toBe(201);
        expect(Object.keys(key.body.data.scopes), name).toEqual([name]);
        expect(key.body.data.scopes[name], name).toEqual(["read"]);
      } else {
        expect(key.status, name).toBe(400);
        continue;
      }
      const denied = await call("/v1/leads", { key: key.body.data.key, ip: nextIp() });
      expect(denied.status, name).toBe(403);
    }
    const profile = await call("/v1/auth/profile", {
      method: "PUT",
      token: jordan,
      ip: nextIp(),
      rawBody: `{"homeCity":"Tehachapi",${PROTOTYPE_KEYS.map((k) => `${JSON.stringify(k)}:{"homeCity":"x"}`).join(",")}}`,
      headers: { "Content-Type": "application/json" },
    });
    expect(profile.status).toBe(200);
    expect(profile.body.data.home_city).toBe("Tehachapi");
    for (const name of PROTOTYPE_KEYS) expect(JSON.stringify(profile.body.data)).not.toContain(`"${name}"`);
  });
});
