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

/** Spec §1.4–§1.6 and §4.1, §4.5, §4.13: bodies, unknown routes, validation details, paging, envelopes. */

const IP = "10.63.0.1";
const RACHEL = "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b";
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let full: string;
beforeAll(async () => {
  full = await fixtureKey("full-access");
});
beforeEach(resetSandbox);

const api = (path: string, opts: CallOptions = {}) => call(path, { key: full, ip: IP, ...opts });

async function configure(override: unknown): Promise<void> {
  expect((await call("/__sandbox/config", { method: "POST", body: override })).status).toBe(200);
}

/** Asserts a 400 VALIDATION_ERROR and returns its details, each exactly `{field, message}`. */
function validationDetails(r: ApiResult): { field: string; message: string }[] {
  const e = expectError(r, 400, "VALIDATION_ERROR");
  expect(e.message).toBe("Invalid request data");
  expect(Array.isArray(e.details)).toBe(true);
  for (const d of e.details) {
    expect(Object.keys(d).sort()).toEqual(["field", "message"]);
    expect(d.field).toBeTypeOf("string");
    expect(d.message).toBeTypeOf("string");
    expect(d.message.length).toBeGreaterThan(0);
  }
  return e.details;
}

const fields = (details: { field: string }[]) => details.map((d) => d.field).sort();

describe("request bodies", () => {
  it("answers malformed JSON with 400 VALIDATION_ERROR on field body", async () => {
    for (const rawBody of ['{"name": "Ana"', "{name: 'Ana'}", "not json", '{"name":"Ana"}}']) {
      const r = await api("/v1/leads", {
        method: "POST",
        rawBody,
        headers: { "Content-Type": "application/json" },
      });
      const details = validationDetails(r);
      expect(details, rawBody).toHaveLength(1);
      expect(details[0]?.field).toBe("body");
    }
  });

  it("answers valid JSON that is not an object with 400 on field body", async () => {
    for (const body of [[{ name: "Ana" }], "Ana", 42, null]) {
      const r = await api("/v1/leads", { method: "POST", body });
      expect(fields(validationDetails(r)), JSON.stringify(body)).toEqual(["body"]);
    }
  });

  it("answers a non-JSON content type with 415 UNSUPPORTED_MEDIA_TYPE", async () => {
    const types = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"];
    for (const type of types) {
      const r = await api("/v1/leads", { method: "POST", rawBody: "name=Ana", headers: { "Content-Type": type } });
      expectError(r, 415, "UNSUPPORTED_MEDIA_TYPE");
    }
    const none = await api("/v1/leads", { method: "POST", rawBody: '{"name":"Ana"}' });
    // A body without a Content-Type at all is sent as text/plain by fetch: also 415.
    expectError(none, 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("accepts JSON with a charset and +json types", async () => {
    for (const type of ["application/json; charset=utf-8", "application/merge-patch+json", "Application/JSON"]) {
      const r = await api("/v1/leads", {
        method: "POST",
        rawBody: '{"name":"Ana Ruiz"}',
        headers: { "Content-Type": type },
      });
      expect(r.status, type).toBe(201);
    }
  });

  it("answers a body over maxBodyBytes with 413 PAYLOAD_TOO_LARGE, and accepts one at the limit", async () => {
    await configure({ maxBodyBytes: 64 });
    const atLimit = JSON.stringify({ name: "A".repeat(64 - '{"name":""}'.length) });
    expect(atLimit).toHaveLength(64);
    expect(
      (await api("/v1/leads", { method: "POST", rawBody: atLimit, headers: { "Content-Type": "application/json" } }))
        .status,
    ).toBe(201);
    const over = JSON.stringify({ name: "A".repeat(65 - '{"name":""}'.length) });
    const r = await api("/v1/leads", {
      method: "POST",
      rawBody: over,
      headers: { "Content-Type": "application/json" },
    });
    expectError(r, 413, "PAYLOAD_TOO_LARGE");
    // Size is checked before the content type.
    expectError(await api("/v1/leads", { method: "POST", rawBody: "x".repeat(100) }), 413, "PAYLOAD_TOO_LARGE");
    const count = (await api("/v1/leads?limit=1")).body.data.meta.total;
    expect(count).toBe(61);
  });

  it("reads an empty body as {} so the required fields are named", async () => {
    const r = await api("/v1/leads", { method: "POST", headers: { "Content-Type": "application/json" } });
    expect(fields(validationDetails(r))).toEqual(["name"]);
  });
});

describe("unknown routes and methods", () => {
  it("answers an unknown /v1 path with the 404 envelope, JSON, before any auth", async () => {
    for (const path of ["/v1/nope", "/v1", "/v1/", "/v1/Leads", `/v1/leads/${RACHEL}/extra`, "/v1/auth/nope"]) {
      for (const key of [full, undefined]) {
        const r = await call(path, { key, ip: IP });
        const e = expectError(r, 404, "NOT_FOUND");
        expect(e.message, path).toBe("Endpoint not found");
        expect(r.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
        expect(r.headers.get("RateLimit-Limit")).toBe("500");
      }
    }
    // Only /v1 exists (spec §1.1).
    expectError(await call("/v2/leads", { key: full, ip: IP }), 404, "NOT_FOUND");
  });

  it("answers a method a route does not serve with 404, not 401, 403 or 500", async () => {
    for (const [method, path] of [
      ["PATCH", "/v1/leads"],
      ["DELETE", "/v1/leads"],
      ["PUT", "/v1/escrows"],
      ["GET", "/v1/auth/login"],
      ["OPTIONS", "/v1/leads"],
      ["PATCH", `/v1/leads/${RACHEL}`],
    ] as const) {
      for (const key of [full, await fixtureKey("no-scopes"), undefined]) {
        const r = await call(path, { method, key, ip: IP });
        expectError(r, 404, "NOT_FOUND");
      }
    }
  });

  it("tolerates a trailing slash and serves HEAD like GET without a body", async () => {
    const r = await api("/v1/leads/?limit=2");
    expect(r.status).toBe(200);
    expect(r.body.data.leads).toHaveLength(2);
    const head = await api("/v1/leads", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
  });

  it("never answers odd input with a 500", async () => {
    const odd: [string, CallOptions][] = [
      ["/v1/leads/%E0%A4%A", {}],
      ["/v1/leads/%ZZ", {}],
      ["/v1/leads?page=%ZZ", {}],
      ["/v1/leads?limit=1e2", {}],
      ["/v1/leads?page=99999999999999999999", {}],
      ["/v1/leads?status=%00", {}],
      ["/v1/leads", { method: "POST", rawBody: "\u0000\uffff", headers: { "Content-Type": "application/json" } }],
      ["/v1/leads", { method: "POST", body: { name: { first: "A" }, email: ["x"], budget: "lots" } }],
      [
        "/v1/leads",
        {
          method: "POST",
          rawBody: `${"[".repeat(5000)}${"]".repeat(5000)}`,
          headers: { "Content-Type": "application/json" },
        },
      ],
      [`/v1/leads/${RACHEL}`, { method: "PUT", body: { version: "one", status: 5 } }],
      ["/v1/leads/00000000-0000-0000-0000-000000000000", { method: "DELETE" }],
      ["/v1/auth/login", { method: "POST", body: { email: 5, password: ["x"] } }],
    ];
    for (const [path, opts] of odd) {
      const r = await api(path, opts);
      expect(r.status, `${opts.method ?? "GET"} ${path}`).toBeLessThan(500);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.body.success).toBe(false);
    }
  });
});

describe("validation errors", () => {
  it("lists every problem at once, one {field, message} each", async () => {
    const r = await api("/v1/appointments", {
      method: "POST",
      body: { appointment_type: "party", client_id: "nope", attendees: [{ email: "x" }] },
    });
    const got = fields(validationDetails(r));
    expect(got).toEqual(
      [
        "appointment_type",
        "attendees.0.email",
        "attendees.0.name",
        "client_id",
        "end_time",
        "start_time",
        "title",
      ].sort(),
    );
  });

  it("names nested fields with dotted paths and lists every bad query parameter", async () => {
    const r = await api("/v1/leads?page=0&limit=0");
    expect(fields(validationDetails(r))).toEqual(["limit", "page"]);
  });
});

describe("pagination parameters", () => {
  const lists: [string, () => Promise<CallOptions>][] = [
    ["/v1/leads", async () => ({ key: full })],
    ["/v1/clients", async () => ({ key: full })],
    ["/v1/escrows", async () => ({ key: full })],
    ["/v1/listings", async () => ({ key: full })],
    ["/v1/appointments", async () => ({ key: full })],
    ["/v1/contacts", async () => ({ key: undefined, token: (await login(USERS.jordan, IP)).accessToken })],
  ];

  it("refuses bad page and limit values with 400 naming the field", async () => {
    const bad: [string, string][] = [
      ["page=0", "page"],
      ["page=-1", "page"],
      ["page=1.5", "page"],
      ["page=abc", "page"],
      ["page=", "page"],
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["limit=abc", "limit"],
      ["limit=2.5", "limit"],
      ["limit=-5", "limit"],
    ];
    for (const [path, auth] of lists) {
      const opts = await auth();
      for (const [query, field] of bad) {
        const r = await api(`${path}?${query}`, opts);
        const details = validationDetails(r);
        expect(fields(details), `${path}?${query}`).toEqual([field]);
      }
      expect((await api(`${path}?page=1&limit=100`, opts)).status).toBe(200);
      expect((await api(`${path}?limit=1`, opts)).status).toBe(200);
    }
  });

  it("reports bad paging and bad filters together, on every list", async () => {
    const cases: Array<[string, string[]]> = [
      ["/v1/leads?page=0&status=weird&interest_level=tepid", ["interest_level", "page", "status"]],
      ["/v1/clients?limit=0&client_type=robot", ["client_type", "limit"]],
      ["/v1/escrows?limit=101&status=open&closingDateStart=2026-13-01", ["closingDateStart", "limit", "status"]],
      ["/v1/listings?page=x&status=gone&minPrice=-1", ["minPrice", "page", "status"]],
      [
        "/v1/appointments?limit=abc&appointment_type=party&start_date=tomorrow",
        ["appointment_type", "limit", "start_date"],
      ],
    ];
    for (const [path, expected] of cases) {
      const e = expectError(await api(path), 400, "VALIDATION_ERROR");
      expect(fields(e.details), path).toEqual(expected);
    }
  });

  it("returns an empty page past the end with consistent meta", async () => {
    for (const [path, auth] of lists) {
      const opts = await auth();
      const first = await api(`${path}?limit=7`, opts);
      expect(first.status).toBe(200);
      const resource = path.split("/")[2] as string;
      const { total } = first.body.data.meta;
      const totalPages = Math.ceil(total / 7);
      expect(first.body.data.meta, path).toEqual({
        page: 1,
        limit: 7,
        total,
        totalPages,
        hasMore: totalPages > 1,
      });
      expect(first.body.data[resource]).toHaveLength(Math.min(7, total));
      const past = await api(`${path}?limit=7&page=${totalPages + 3}`, opts);
      expect(past.status).toBe(200);
      expect(past.body.data[resource]).toEqual([]);
      expect(past.body.data.meta).toEqual({ page: totalPages + 3, limit: 7, total, totalPages, hasMore: false });
    }
  });

  it("uses the documented defaults: 25, and 20 for escrows", async () => {
    expect((await api("/v1/leads")).body.data.meta).toEqual({
      page: 1,
      limit: 25,
      total: 60,
      totalPages: 3,
      hasMore: true,
    });
    const escrows = (await api("/v1/escrows")).body.data;
    expect(escrows.meta.limit).toBe(20);
    expect(escrows.escrows).toHaveLength(Math.min(20, escrows.meta.total));
  });

  it("reports totalPages 0 and hasMore false for an empty list", async () => {
    // A freshly registered, active agent owns no records.
    await configure({ signupStatus: "active" });
    const reg = await call("/v1/auth/register", {
      method: "POST",
      ip: IP,
      body: {
        email: "empty@example.com",
        username: "empty_agent",
        password: "Sandbox123",
        firstName: "E",
        lastName: "A",
      },
    });
    expect(reg.status).toBe(201);
    for (const path of ["/v1/leads", "/v1/clients", "/v1/appointments"]) {
      const r = await call(`${path}?limit=10`, { token: reg.body.data.token, ip: IP });
      expect(r.body.data.meta, path).toEqual({ page: 1, limit: 10, total: 0, totalPages: 0, hasMore: false });
      expect(r.body.data[path.slice(4)]).toEqual([]);
    }
  });

  it("ignores unknown query parameters", async () => {
    const r = await api("/v1/leads?limit=3&foo=bar&cursor=abc");
    expect(r.status).toBe(200);
    expect(r.body.data.leads).toHaveLength(3);
  });
});

describe("envelopes", () => {
  it("stamps every envelope, success or error, with the sandbox clock in ISO-8601 UTC with ms", async () => {
    const pinned = "2031-02-03T04:05:06.789Z";
    await call("/__sandbox/clock", { method: "POST", body: { now: pinned, frozen: true } });
    const responses = [
      await api("/v1/leads?limit=1"),
      await api("/v1/leads", { method: "POST", body: {} }),
      await api("/v1/leads", { key: "bad" }),
      await api("/v1/nope"),
      await api(`/v1/leads/${RACHEL}`, { method: "DELETE", key: await fixtureKey("lead-capture") }),
      await api("/v1/billing/public-plans"),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 400, 401, 404, 403, 200]);
    for (const r of responses) {
      expect(r.body.timestamp).toBe(pinned);
      expect(r.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
      if (r.body.success === false) {
        expect(r.body.error.errorId).toMatch(new RegExp(`^ERR_${Date.parse(pinned)}_[0-9a-z]{6}$`));
        expect(r.body.error.correlationId).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      } else {
        expect(Object.keys(r.body).sort()).toEqual(["data", "success", "timestamp"]);
      }
    }
    // Ids are unique per error.
    const a = responses[2]?.body.error;
    const b = (await api("/v1/leads", { key: "bad" })).body.error;
    expect(a.errorId).not.toBe(b.errorId);
    expect(a.correlationId).not.toBe(b.correlationId);
  });

  it("ticks in real time from the fixture clock after a reset", async () => {
    const r = await api("/v1/leads?limit=1");
    expect(r.body.timestamp).toMatch(ISO_MS);
    const ms = Date.parse(r.body.timestamp) - Date.parse("2026-07-01T16:00:00.000Z");
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThan(10_000);
  });
});
