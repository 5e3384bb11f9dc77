import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ApiResult, call, expectError, fixtureKey, resetSandbox } from "../support/sandbox-client";

/** Spec §4.11 and sandbox/README.md "Test controls": injected 500s, 429s and hangs on /v1 paths. */

const IP = "10.64.0.1";

let full: string;
beforeAll(async () => {
  full = await fixtureKey("full-access");
});
beforeEach(resetSandbox);

async function addFault(fault: Record<string, unknown>): Promise<ApiResult> {
  return call("/__sandbox/faults", { method: "POST", body: fault });
}

async function statuses(path: string, n: number, method = "GET"): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const body = method === "POST" ? { name: `Fault Probe ${i}` } : undefined;
    out.push((await call(path, { method, key: full, ip: IP, body })).status);
  }
  return out;
}

describe("count mode", () => {
  it("fails the next N requests to the path with the 500 envelope, then serves normally", async () => {
    const added = await addFault({ path: "/v1/leads", mode: "500", count: 2 });
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({ path: "/v1/leads", mode: "500", count: 2 });
    expect(added.body.data.id).toBeTypeOf("string");

    const first = await call("/v1/leads", { key: full, ip: IP });
    const e = expectError(first, 500, "INTERNAL_ERROR");
    expect(e.message).toBe("An unexpected error occurred");
    expect(first.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(first.headers.get("RateLimit-Limit")).toBe("500");
    expect(first.headers.get("Retry-After")).toBeNull();

    const listed = await call("/__sandbox/faults");
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0]).toMatchObject({ path: "/v1/leads", mode: "500", remaining: 1 });

    expect(await statuses("/v1/leads", 3)).toEqual([500, 200, 200]);
    expect((await call("/__sandbox/faults")).body.data).toEqual([]);
  });

  it("acts before auth and routing, like an edge failure", async () => {
    await addFault({ path: "/v1/leads", mode: "500", count: 3 });
    expectError(await call("/v1/leads", { ip: IP }), 500, "INTERNAL_ERROR");
    expectError(await call("/v1/leads", { key: "bad", ip: IP }), 500, "INTERNAL_ERROR");
    expectError(await call("/v1/leads/a/b/c", { key: full, ip: IP }), 500, "INTERNAL_ERROR");
    expectError(await call("/v1/leads", { ip: IP }), 401, "NO_AUTH_TOKEN");
  });

  it("covers the path and what is below it, and no other path", async () => {
    await addFault({ path: "/v1/leads", mode: "500", count: 10 });
    expect(await statuses("/v1/clients", 2)).toEqual([200, 200]);
    expect(await statuses("/v1/escrows", 1)).toEqual([200]);
    const rachel = "/v1/leads/f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b";
    expect(await statuses(rachel, 1)).toEqual([500]);
    expect(await statuses("/v1/leads/", 1)).toEqual([500]);
    // A path that merely starts with the same letters is another path.
    const other = await call("/v1/leadsx", { key: full, ip: IP });
    expectError(other, 404, "NOT_FOUND");
  });

  it("matches only the given method", async () => {
    await addFault({ path: "/v1/leads", method: "post", mode: "500", count: 1 });
    expect(await statuses("/v1/leads", 2)).toEqual([200, 200]);
    expect(await statuses("/v1/leads", 2, "POST")).toEqual([500, 201]);
    // The failed POST wrote nothing.
    const names = (await call("/v1/leads?limit=5", { key: full, ip: IP })).body.data.leads.map(
      (l: { name: string }) => l.name,
    );
    expect(names).toContain("Fault Probe 1");
    expect(names).not.toContain("Fault Probe 0");
  });
});

describe("429 mode", () => {
  it("answers 429 RATE_LIMIT_EXCEEDED with Retry-After and matching RateLimit headers", async () => {
    await addFault({ path: "/v1/leads", mode: "429", count: 2, retryAfterSeconds: 7 });
    const r = await call("/v1/leads", { key: full, ip: IP });
    expectError(r, 429, "RATE_LIMIT_EXCEEDED");
    expect(r.headers.get("Retry-After")).toBe("7");
    expect(r.headers.get("RateLimit-Limit")).toBe("500");
    expect(r.headers.get("RateLimit-Remaining")).toBe("0");
    expect(r.headers.get("RateLimit-Reset")).toBe("7");
    expect(await statuses("/v1/leads", 2)).toEqual([429, 200]);
  });

  it("defaults Retry-After to 1 second", async () => {
    await addFault({ path: "/v1/leads", mode: "429", count: 1 });
    expect((await call("/v1/leads", { key: full, ip: IP })).headers.get("Retry-After")).toBe("1");
  });
});

describe("fraction mode", () => {
  it("fails the given share of requests, spread evenly and the same every time", async () => {
    await addFault({ path: "/v1/clients", mode: "500", fraction: 0.25 });
    const first = await statuses("/v1/clients", 8);
    expect(first).toEqual([200, 200, 200, 500, 200, 200, 200, 500]);
    // A fraction fault stays until cleared.
    expect((await call("/__sandbox/faults")).body.data).toHaveLength(1);

    await resetSandbox();
    await addFault({ path: "/v1/clients", mode: "500", fraction: 0.25 });
    expect(await statuses("/v1/clients", 8)).toEqual(first);
  });

  it("fails every request at fraction 1 and every other at 0.5", async () => {
    await addFault({ path: "/v1/clients", mode: "500", fraction: 1 });
    await addFault({ path: "/v1/listings", mode: "429", fraction: 0.5 });
    expect(await statuses("/v1/clients", 3)).toEqual([500, 500, 500]);
    expect(await statuses("/v1/listings", 4)).toEqual([200, 429, 200, 429]);
  });
});

describe("hang mode", () => {
  it("delays the request by hangMs, then serves it", async () => {
    await addFault({ path: "/v1/leads", method: "POST", mode: "hang", hangMs: 300, count: 1 });
    const started = Date.now();
    const r = await call("/v1/leads", { method: "POST", key: full, ip: IP, body: { name: "Late Writer" } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(r.status).toBe(201);
    expect(r.body.data.name).toBe("Late Writer");
    const quick = Date.now();
    expect((await call("/v1/leads", { method: "POST", key: full, ip: IP, body: { name: "On Time" } })).status).toBe(
      201,
    );
    expect(Date.now() - quick).toBeLessThan(290);
  });
});

describe("managing faults", () => {
  it("clears every fault with DELETE", async () => {
    await addFault({ path: "/v1/leads", mode: "500", count: 5 });
    await addFault({ path: "/v1/clients", mode: "429", fraction: 0.5 });
    expect((await call("/__sandbox/faults")).body.data).toHaveLength(2);
    const del = await call("/__sandbox/faults", { method: "DELETE" });
    expect(del.status).toBe(200);
    expect((await call("/__sandbox/faults")).body.data).toEqual([]);
    expect(await statuses("/v1/leads", 2)).toEqual([200, 200]);
    expect(await statuses("/v1/clients", 2)).toEqual([200, 200]);
  });

  it("clears faults on reset", async () => {
    await addFault({ path: "/v1/leads", mode: "500", count: 5 });
    await resetSandbox();
    expect(await statuses("/v1/leads", 1)).toEqual([200]);
  });

  it("validates a fault and says what is wrong", async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ path: "/v1/leads", mode: "500" }, "body"],
      [{ path: "/v1/leads", mode: "500", count: 1, fraction: 0.5 }, "body"],
      [{ path: "/leads", mode: "500", count: 1 }, "path"],
      [{ path: "/v1/leads", mode: "503", count: 1 }, "mode"],
      [{ path: "/v1/leads", mode: "500", count: 0 }, "count"],
      [{ path: "/v1/leads", mode: "500", fraction: 1.5 }, "fraction"],
      [{ mode: "500", count: 1 }, "path"],
    ];
    for (const [fault, field] of bad) {
      const e = expectError(await addFault(fault), 400, "VALIDATION_ERROR");
      expect(
        e.details.map((d: { field: string }) => d.field),
        JSON.stringify(fault),
      ).toContain(field);
    }
    expect((await call("/__sandbox/faults")).body.data).toEqual([]);
  });
});
