import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ApiResult, call, expectError, fixtureKey, login, resetSandbox, USERS } from "../support/sandbox-client";

/**
 * sandbox/README.md "Request bodies": a JSON body nests at most 64 levels (the body object is level 1); deeper is
 * 400 VALIDATION_ERROR on `body`, on every route that reads a body, controls included, never a 5xx.
 */

const IP = "10.71.0.1";
const RACHEL = "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b";
const MAX_DEPTH = 64;

/** JSON text nesting `levels` arrays or objects, innermost holding a string. */
function nested(kind: "array" | "object", levels: number): string {
  return kind === "array"
    ? `${"[".repeat(levels)}" x "${"]".repeat(levels)}`
    : `${'{"a":'.repeat(levels)}" x "${"}".repeat(levels)}`;
}

let full: string;
let maria: string;
let jordan: string;
beforeAll(async () => {
  full = await fixtureKey("full-access");
});
beforeEach(async () => {
  await resetSandbox();
  maria = (await login(USERS.maria, IP)).accessToken;
  jordan = (await login(USERS.jordan, IP)).accessToken;
});

interface Route {
  method: string;
  path: string;
  auth: () => { key?: string; token?: string };
  /** A valid body; the deep value goes in `known` or in an unknown field beside these. */
  body: Record<string, unknown>;
  known: string;
}

const apiKeyId = async () => (await call("/v1/api-keys", { token: jordan, ip: IP })).body.data[0].id as string;

const ROUTES: Route[] = [
  { method: "POST", path: "/v1/leads", auth: () => ({ key: full }), body: { name: "Ana Ruiz" }, known: "name" },
  { method: "PUT", path: `/v1/leads/${RACHEL}`, auth: () => ({ key: full }), body: { notes: "n" }, known: "notes" },
  {
    method: "POST",
    path: "/v1/escrows",
    auth: () => ({ key: full }),
    body: { property_address: "1 Main St", purchase_price: 500000 },
    known: "property_address",
  },
  {
    method: "POST",
    path: "/v1/contacts",
    auth: () => ({ token: jordan }),
    body: { first_name: "Ana", last_name: "Ruiz" },
    known: "first_name",
  },
  {
    method: "POST",
    path: "/v1/webhooks",
    auth: () => ({ token: maria }),
    body: { url: "https://hooks.example.com/x", events: ["lead.created"], secret: "0123456789abc" },
    known: "events",
  },
  {
    method: "PUT",
    path: "/v1/auth/profile",
    auth: () => ({ token: jordan }),
    body: { homeCity: "Tehachapi" },
    known: "licensedStates",
  },
  { method: "POST", path: "/v1/api-keys", auth: () => ({ token: jordan }), body: { name: "k" }, known: "scopes" },
  { method: "POST", path: "/__sandbox/clock", auth: () => ({}), body: { advanceMs: 1 }, known: "advanceMs" },
  { method: "POST", path: "/__sandbox/config", auth: () => ({}), body: { webhookRetryScale: 1 }, known: "rateLimits" },
  {
    method: "POST",
    path: "/__sandbox/faults",
    auth: () => ({}),
    body: { path: "/v1/nothing-here", mode: "500", count: 1 },
    known: "path",
  },
];

function send(route: Route, rawBody: string): Promise<ApiResult> {
  return call(route.path, {
    method: route.method,
    ip: IP,
    ...route.auth(),
    rawBody,
    headers: { "Content-Type": "application/json" },
  });
}

/** The body with `deep` (JSON text) as the value of `field`. */
const withField = (body: Record<string, unknown>, field: string, deep: string) =>
  `${JSON.stringify(body).slice(0, -1)},${JSON.stringify(field)}:${deep}}`;

function expectTooDeep(r: ApiResult, what: string): void {
  const e = expectError(r, 400, "VALIDATION_ERROR");
  expect(e.details, what).toEqual([{ field: "body", message: `Nested deeper than ${MAX_DEPTH} levels` }]);
}

describe("deeply nested JSON bodies", () => {
  for (const levels of [5_000, 100_000]) {
    it(`answers ${levels} levels of arrays or objects, in a known or an unknown field, with 400 on body`, async () => {
      for (const route of ROUTES) {
        for (const kind of ["array", "object"] as const) {
          const deep = nested(kind, levels);
          for (const field of [route.known, "not_a_field"]) {
            const what = `${route.method} ${route.path} ${kind} in ${field}`;
            expectTooDeep(await send(route, withField(route.body, field, deep)), what);
          }
        }
        // A body that is itself deep, beneath its top-level object.
        expectTooDeep(await send(route, `{"x":${nested("array", levels)}}`), `${route.path} bare`);
      }
    }, 30_000);
  }

  it("accepts 64 levels (the body being level 1) and refuses 65, for objects and arrays", async () => {
    for (const kind of ["array", "object"] as const) {
      const ok = await send(ROUTES[0] as Route, withField({ name: "Ana Ruiz" }, "extra", nested(kind, MAX_DEPTH - 1)));
      expect(ok.status, kind).toBe(201);
      // Unknown fields are dropped; the trimmed known ones are kept.
      expect(ok.body.data.name).toBe("Ana Ruiz");
      expect(ok.body.data.extra).toBeUndefined();
      expectTooDeep(
        await send(ROUTES[0] as Route, withField({ name: "Ana Ruiz" }, "extra", nested(kind, MAX_DEPTH))),
        kind,
      );
    }
  });

  it("still trims strings at every level it accepts", async () => {
    const config = await send(
      ROUTES.find((r) => r.path === "/__sandbox/config") as Route,
      '{"signupStatus":"  active  ","rateLimits":{"login":{"limit":7,"windowMs":60000}}}',
    );
    expect(config.status).toBe(200);
    expect(config.body.data.signupStatus).toBe("active");
    const hook = await send(
      ROUTES.find((r) => r.path === "/v1/webhooks") as Route,
      '{"url":" https://hooks.example.com/t ","events":["  lead.created "],"secret":"  0123456789abc  "}',
    );
    expect(hook.status).toBe(201);
    expect(hook.body.data).toMatchObject({
      url: "https://hooks.example.com/t",
      events: ["lead.created"],
      secret: "0123456789abc",
    });
  });

  it("leaves the sandbox unchanged after refusing a deep config, clock or scope change", async () => {
    const before = (await call("/__sandbox/config")).body.data;
    const clock = (await call("/__sandbox/clock")).body.data.now;
    const route = (path: string) => ROUTES.find((r) => r.path === path) as Route;
    expectTooDeep(await send(route("/__sandbox/config"), `{"maxBodyBytes":1,"x":${nested("object", 5000)}}`), "cfg");
    expectTooDeep(await send(route("/__sandbox/clock"), `{"advanceMs":86400000,"x":${nested("array", 5000)}}`), "clk");
    expect((await call("/__sandbox/config")).body.data).toEqual(before);
    expect(Date.parse((await call("/__sandbox/clock")).body.data.now) - Date.parse(clock)).toBeLessThan(60_000);

    const id = await apiKeyId();
    const scopes = await call(`/v1/api-keys/${id}/scopes`, {
      method: "PATCH",
      token: jordan,
      ip: IP,
      rawBody: `{"scopes":{"leads":${nested("array", 5000)}}}`,
      headers: { "Content-Type": "application/json" },
    });
    expectTooDeep(scopes, "scopes");
  });
});
