import { SELF } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { version } from "../../package.json";
import { call, expectError, fixtureKey, resetSandbox } from "../support/sandbox-client";

/** Spec §4.10, §4.11, §4.14 and sandbox/README.md "Test controls": reset, clock, config, landing page, health. */

const IP = "10.65.0.1";
const RACHEL = "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b";
const FIXTURE_NOW = Date.parse("2026-07-01T16:00:00.000Z");

let full: string;
beforeAll(async () => {
  full = await fixtureKey("full-access");
});
beforeEach(resetSandbox);

const api = (path: string, opts: Parameters<typeof call>[1] = {}) => call(path, { key: full, ip: IP, ...opts });
const setClock = (body: unknown) => call("/__sandbox/clock", { method: "POST", body });
const readClock = async (): Promise<string> => (await call("/__sandbox/clock")).body.data.now;

async function createLead(name: string): Promise<{ id: string; created_at: string }> {
  const r = await api("/v1/leads", { method: "POST", body: { name } });
  expect(r.status).toBe(201);
  return r.body.data;
}

describe("POST /__sandbox/reset", () => {
  it("restores the fixtures after writes and deletes", async () => {
    const created = await createLead("Temporary Lead");
    expect((await api(`/v1/leads/${RACHEL}`, { method: "DELETE" })).status).toBe(200);
    await api(`/v1/leads/${created.id}`, { method: "PUT", body: { name: "Renamed" } });
    expect((await api("/v1/leads?limit=1")).body.data.meta.total).toBe(60);

    const r = await call("/__sandbox/reset", { method: "POST" });
    expect(r.status).toBe(200);
    expect(r.body.data.reset).toBe(true);
    expect(Date.parse(r.body.data.now) - FIXTURE_NOW).toBeLessThan(5_000);

    expect((await api("/v1/leads?limit=1")).body.data.meta.total).toBe(60);
    expect((await api(`/v1/leads/${RACHEL}`)).body.data).toMatchObject({ name: "Rachel Kim", version: 1 });
    expectError(await api(`/v1/leads/${created.id}`), 404, "NOT_FOUND");
  });

  it("makes ids deterministic: the n-th id after a reset is the same, whatever controls ran before", async () => {
    const a = await createLead("First");
    const b = await createLead("Second");
    await resetSandbox();
    await call("/__sandbox/faults", { method: "POST", body: { path: "/v1/nope", mode: "500", count: 1 } });
    await setClock({ advanceMs: 1_000 });
    await call("/__sandbox/config", { method: "POST", body: { webhookRetryScale: 0.5 } });
    expect((await createLead("Other")).id).toBe(a.id);
    expect((await createLead("Another")).id).toBe(b.id);
  });

  it("resets the clock, config overrides, rate windows and faults", async () => {
    await setClock({ now: "2030-01-01T00:00:00.000Z", frozen: true });
    await call("/__sandbox/config", {
      method: "POST",
      body: { rateLimits: { global: { limit: 2, windowMs: 60_000 } } },
    });
    await api("/v1/leads?limit=1");
    await call("/__sandbox/faults", { method: "POST", body: { path: "/v1/clients", mode: "500", count: 9 } });
    await resetSandbox();

    const now = Date.parse(await readClock());
    expect(now - FIXTURE_NOW).toBeGreaterThanOrEqual(0);
    expect(now - FIXTURE_NOW).toBeLessThan(5_000);
    const r = await api("/v1/clients");
    expect(r.status).toBe(200);
    expect(r.headers.get("RateLimit-Limit")).toBe("500");
    expect(r.headers.get("RateLimit-Remaining")).toBe("499");
    expect((await call("/__sandbox/config")).body.data.rateLimits.global).toEqual({ limit: 500, windowMs: 900_000 });
  });
});

describe("/__sandbox/clock", () => {
  it("sets, freezes and advances sandbox time, which the envelopes and records show", async () => {
    const pinned = "2027-03-04T05:06:07.089Z";
    const set = await setClock({ now: pinned, frozen: true });
    expect(set.status).toBe(200);
    expect(set.body.data.now).toBe(pinned);
    expect(await readClock()).toBe(pinned);

    const list = await api("/v1/leads?limit=1");
    expect(list.body.timestamp).toBe(pinned);
    const lead = await createLead("Clocked Lead");
    expect(lead.created_at).toBe(pinned);

    const advanced = await setClock({ advanceMs: 90_000 });
    expect(advanced.body.data.now).toBe("2027-03-04T05:07:37.089Z");
    const update = await api(`/v1/leads/${lead.id}`, { method: "PUT", body: { notes: "later" } });
    expect(update.body.data.updated_at).toBe("2027-03-04T05:07:37.089Z");
    expect(update.body.timestamp).toBe("2027-03-04T05:07:37.089Z");
    expectError(await api("/v1/nope"), 404, "NOT_FOUND");
    expect((await api("/v1/nope")).body.timestamp).toBe("2027-03-04T05:07:37.089Z");
  });

  it("ticks again from where it stood once unfrozen", async () => {
    await setClock({ now: "2027-01-01T00:00:00.000Z", frozen: true });
    const r = await setClock({ frozen: false });
    const now = Date.parse(r.body.data.now);
    const frozenAt = Date.parse("2027-01-01T00:00:00.000Z");
    expect(now - frozenAt).toBeGreaterThanOrEqual(0);
    expect(now - frozenAt).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(Date.parse(await readClock())).toBeGreaterThan(now);
  });

  it("advances a running clock and moves it backwards", async () => {
    const before = Date.parse(await readClock());
    const after = Date.parse((await setClock({ advanceMs: 3_600_000 })).body.data.now);
    expect(after - before).toBeGreaterThanOrEqual(3_600_000);
    expect(after - before).toBeLessThan(3_605_000);
    const back = Date.parse((await setClock({ advanceMs: -7_200_000 })).body.data.now);
    expect(after - back).toBeGreaterThan(7_195_000);
    expect(after - back).toBeLessThanOrEqual(7_200_000);
  });

  it("refuses a body that changes nothing or is malformed", async () => {
    expect(expectError(await setClock({}), 400, "VALIDATION_ERROR").details).toHaveLength(1);
    const bad = expectError(
      await setClock({ now: "yesterday", advanceMs: "10", frozen: "yes" }),
      400,
      "VALIDATION_ERROR",
    );
    expect(bad.details.map((d: { field: string }) => d.field).sort()).toEqual(["advanceMs", "frozen", "now"]);
    const before = Date.parse(await readClock());
    expect(before - FIXTURE_NOW).toBeLessThan(5_000);
  });
});

describe("/__sandbox/config", () => {
  it("reads the documented defaults", async () => {
    const r = await call("/__sandbox/config");
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({
      rateLimits: {
        global: { limit: 500, windowMs: 900_000 },
        authFailures: { limit: 30, windowMs: 900_000 },
        login: { limit: 50, windowMs: 900_000 },
        refresh: { limit: 30, windowMs: 60_000 },
      },
      webhookRetryScale: 1,
      webhookTimeoutMs: 30_000,
      accessTokenTtlSeconds: 900,
      refreshSlidingDays: 30,
      refreshHardDays: 90,
      lockout: { failures: 5, minutes: 30 },
      signupStatus: "waitlisted",
      maxBodyBytes: 10 * 1024 * 1024,
    });
  });

  it("deep-merges overrides, keeps earlier ones, and applies them at once", async () => {
    const first = await call("/__sandbox/config", { method: "POST", body: { rateLimits: { global: { limit: 7 } } } });
    expect(first.status).toBe(200);
    expect(first.body.data.rateLimits.global).toEqual({ limit: 7, windowMs: 900_000 });
    expect(first.body.data.rateLimits.login).toEqual({ limit: 50, windowMs: 900_000 });

    const second = await call("/__sandbox/config", { method: "POST", body: { lockout: { minutes: 5 } } });
    expect(second.body.data.rateLimits.global.limit).toBe(7);
    expect(second.body.data.lockout).toEqual({ failures: 5, minutes: 5 });
    expect((await call("/__sandbox/config")).body.data).toEqual(second.body.data);

    const r = await api("/v1/leads?limit=1");
    expect(r.headers.get("RateLimit-Limit")).toBe("7");
    expect(r.headers.get("RateLimit-Remaining")).toBe("6");
  });

  it("refuses an invalid override with 400 VALIDATION_ERROR naming the field, and keeps the config", async () => {
    const cases: [unknown, string][] = [
      [{ rateLimits: { global: { limit: -1 } } }, "rateLimits.global.limit"],
      [{ rateLimits: { login: { windowMs: "soon" } } }, "rateLimits.login.windowMs"],
      [{ signupStatus: "open" }, "signupStatus"],
      [{ maxBodyBytes: 0 }, "maxBodyBytes"],
    ];
    for (const [override, field] of cases) {
      const r = await call("/__sandbox/config", { method: "POST", body: override });
      const e = expectError(r, 400, "VALIDATION_ERROR");
      expect(e.details.map((d: { field: string }) => d.field)).toEqual([field]);
    }
    expectError(await call("/__sandbox/config", { method: "POST", body: [1] }), 400, "VALIDATION_ERROR");
    const config = (await call("/__sandbox/config")).body.data;
    expect(config.rateLimits.global).toEqual({ limit: 500, windowMs: 900_000 });
    expect(config.signupStatus).toBe("waitlisted");
    expect((await api("/v1/leads?limit=1")).status).toBe(200);
  });
});

describe("outside the API", () => {
  it("serves the landing page at / as HTML", async () => {
    const res = await SELF.fetch("http://localhost:8787/");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain("http://localhost:8787/v1");
    expect(html).toContain("/__sandbox/reset");
  });

  it("reports its name and the project version at /health", async () => {
    const r = await call("/health");
    expect(r.status).toBe(200);
    expect(r.body.success).toBe(true);
    expect(r.body.data).toEqual({ name: "playground", version, ok: true });
    expect(r.body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("answers unknown control routes with the 404 envelope", async () => {
    expectError(await call("/__sandbox/nope"), 404, "NOT_FOUND");
    expectError(await call("/__sandbox/reset"), 404, "NOT_FOUND");
  });
});
