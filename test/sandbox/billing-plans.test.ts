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

/** Spec §2.4: the two public billing endpoints and the four JWT ones; money in integer cents. */

const IP = "10.53.0.1";
const DAY = 86_400_000;
/** The fixture "now" (Appendix A); reset seeds the fixtures at about this time. */
const FIXTURE_NOW = Date.parse("2026-07-01T16:00:00.000Z");
/** Every test runs on a frozen clock 10 s later, after anything seeded. */
const NOW = "2026-07-01T16:00:10.000Z";
const PLAN_KEYS = ["features", "key", "name", "priceMonthly", "priceYearly", "seats", "trialDays"];
const AGENT_PLAN = {
  key: "agent",
  name: "ActuallyCare+ Agent",
  priceMonthly: 10000,
  priceYearly: 120000,
  trialDays: 30,
  seats: 1,
};

let token: string;
/** When the fixtures were seeded: Jordan's `createdAt`. */
let seededAt: number;
let full: string;
beforeAll(async () => {
  full = await fixtureKey("full-access");
});
beforeEach(async () => {
  await resetSandbox();
  await call("/__sandbox/clock", { method: "POST", body: { now: NOW, frozen: true } });
  const session = await login(USERS.jordan, IP);
  token = session.accessToken;
  seededAt = Date.parse(session.user.createdAt);
});

const billing = (path: string, opts: CallOptions = {}) => call(`/v1/billing${path}`, { ip: IP, ...opts });
const publicCheckout = (body: unknown, opts: CallOptions = {}) =>
  billing("/public-checkout", { method: "POST", body, ...opts });
const checkout = (body: unknown, as = token) => billing("/checkout", { method: "POST", body, token: as });
const portal = (body: unknown, as = token) => billing("/portal", { method: "POST", body, token: as });

function fieldsOf(r: ApiResult): string[] {
  const e = expectError(r, 400, "VALIDATION_ERROR");
  expect(e.message).toBe("Invalid request data");
  for (const d of e.details) expect(d.message, d.field).toBeTypeOf("string");
  return [...new Set<string>(e.details.map((d: { field: string }) => d.field))].sort();
}

/** Asserts `{url, sessionId}` exactly and follows the URL to the sandbox's stand-in page. */
async function expectSession(r: ApiResult): Promise<Record<string, unknown>> {
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(Object.keys(r.body.data).sort()).toEqual(["sessionId", "url"]);
  expect(r.body.data.sessionId).toMatch(/^cs_sandbox_[0-9a-f]{24}$/);
  const url = new URL(r.body.data.url);
  expect(url.protocol).toBe("http:");
  expect(url.pathname).toBe(`/__sandbox/checkout/${r.body.data.sessionId}`);
  const page = await call(url.pathname + url.search);
  expect(page.status).toBe(200);
  return page.body.data;
}

/** The plan catalog both plan endpoints share. */
function expectCatalog(data: any, extraPlanKeys: string[] = []): void {
  expect(Object.keys(data).sort()).toEqual(["currency", "plans", "version"]);
  expect(data.currency).toBe("usd");
  expect(typeof data.version === "string" || typeof data.version === "number").toBe(true);
  expect(data.plans.map((p: { key: string }) => p.key)).toEqual(["agent", "team", "brokerage"]);
  for (const p of data.plans) {
    expect(Object.keys(p).sort(), p.key).toEqual([...PLAN_KEYS, ...extraPlanKeys].sort());
    expect(Number.isInteger(p.priceMonthly) && p.priceMonthly > 0, p.key).toBe(true);
    expect(Number.isInteger(p.priceYearly) && p.priceYearly > 0, p.key).toBe(true);
    expect(Number.isInteger(p.trialDays) && Number.isInteger(p.seats) && p.seats >= 1, p.key).toBe(true);
    expect(p.name, p.key).toBeTypeOf("string");
    expect(p.features.length, p.key).toBeGreaterThan(0);
    for (const f of p.features) expect(f, p.key).toBeTypeOf("string");
  }
  expect(data.plans[0]).toMatchObject(AGENT_PLAN);
}

describe("GET /billing/public-plans", () => {
  it("serves {plans, currency:usd, version} without auth, prices in integer cents, cacheable", async () => {
    const r = await billing("/public-plans");
    expect(r.status).toBe(200);
    expect(r.headers.get("Cache-Control")).toBe("public, max-age=300, s-maxage=3600");
    expect(r.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(r.body.success).toBe(true);
    expectCatalog(r.body.data);
    // The agent plan exactly as documented (prices are cents: $100/month, $1,200/year).
    expect(r.body.data.plans[0]).toEqual({ ...AGENT_PLAN, features: r.body.data.plans[0].features });
  });

  it("ignores credentials, good or bad", async () => {
    const plain = (await billing("/public-plans")).body.data;
    for (const opts of [{ token: "garbage" }, { key: "0".repeat(64) }, { token }, { key: full }]) {
      const r = await billing("/public-plans", opts);
      expect(r.status, JSON.stringify(opts)).toBe(200);
      expect(r.body.data).toEqual(plain);
    }
  });
});

describe("POST /billing/public-checkout", () => {
  it("starts a hosted checkout for the agent plan without an account: {url, sessionId}", async () => {
    const r = await publicCheckout({ email: " New.Agent@Example.com ", planKey: "agent" });
    const page = await expectSession(r);
    expect(page).toEqual({
      standIn: "hosted checkout",
      sessionId: r.body.data.sessionId,
      plan: "agent",
      interval: "monthly",
      email: "new.agent@example.com",
    });
    // Each call is a new session.
    const again = await publicCheckout({ email: "new.agent@example.com", planKey: "agent" });
    expect(again.body.data.sessionId).not.toBe(r.body.data.sessionId);
  });

  it("takes the plan key case-insensitively, and the agent plan when it is omitted", async () => {
    expect((await expectSession(await publicCheckout({ email: "a@example.com", planKey: "AGENT" }))).plan).toBe(
      "agent",
    );
    expect((await expectSession(await publicCheckout({ email: "a@example.com" }))).plan).toBe("agent");
  });

  it("refuses any other plan with 400 on planKey: team and brokerage need an account", async () => {
    for (const planKey of ["team", "brokerage", "Team", "gold", 7]) {
      const r = await publicCheckout({ email: "a@example.com", planKey });
      expect(fieldsOf(r), String(planKey)).toEqual(["planKey"]);
    }
  });

  it("needs a valid email, and reports every problem at once", async () => {
    expect(fieldsOf(await publicCheckout({}))).toEqual(["email"]);
    expect(fieldsOf(await billing("/public-checkout", { method: "POST" }))).toEqual(["email"]);
    expect(fieldsOf(await publicCheckout({ email: "not-an-email", planKey: "agent" }))).toEqual(["email"]);
    expect(fieldsOf(await publicCheckout({ email: 42, planKey: "team" }))).toEqual(["email", "planKey"]);
  });
});

describe("GET /billing/plans", () => {
  it("is the public catalog with priceIds {monthly, yearly} added to each plan", async () => {
    const r = await billing("/plans", { token });
    expect(r.status).toBe(200);
    expectCatalog(r.body.data, ["priceIds"]);
    const pub = (await billing("/public-plans")).body.data;
    expect(r.body.data.version).toEqual(pub.version);
    const ids: string[] = [];
    r.body.data.plans.forEach((p: Record<string, any>, i: number) => {
      const { priceIds, ...rest } = p;
      expect(rest).toEqual(pub.plans[i]);
      expect(Object.keys(priceIds).sort()).toEqual(["monthly", "yearly"]);
      expect(priceIds.monthly).toMatch(/\S/);
      expect(priceIds.yearly).toMatch(/\S/);
      ids.push(priceIds.monthly, priceIds.yearly);
    });
    expect(new Set(ids).size).toBe(6);
  });

  it("needs an active account's JWT", async () => {
    expectError(await billing("/plans"), 401, "NO_AUTH_TOKEN");
    expectError(await billing("/plans", { key: full }), 401, "NO_AUTH_TOKEN");
    const sam = (await login(USERS.sam, IP)).accessToken;
    expectError(await billing("/plans", { token: sam }), 403, "ACCOUNT_NOT_ACTIVE");
  });
});

describe("GET /billing/subscription", () => {
  it("answers {status, planKey, interval, seats, currentPeriodEnd, cancelAtPeriodEnd, trialEndsAt}", async () => {
    const r = await billing("/subscription", { token });
    expect(r.status).toBe(200);
    // Jordan's fixture: the agent plan's 30-day trial, started 14 days before the fixture now.
    const trialEnd = new Date(seededAt + 16 * DAY).toISOString();
    expect(r.body.data).toEqual({
      status: "trialing",
      planKey: "agent",
      interval: "monthly",
      seats: 1,
      currentPeriodEnd: trialEnd,
      cancelAtPeriodEnd: false,
      trialEndsAt: trialEnd,
    });
    expect(seededAt - FIXTURE_NOW).toBeGreaterThanOrEqual(0);
    expect(seededAt - FIXTURE_NOW).toBeLessThan(5_000);
  });

  it("answers status none with empty fields for a user without a subscription", async () => {
    const maria = (await login(USERS.maria, IP)).accessToken;
    const r = await billing("/subscription", { token: maria });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({
      status: "none",
      planKey: null,
      interval: null,
      seats: null,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      trialEndsAt: null,
    });
  });

  it("refuses a waitlisted user with 403 ACCOUNT_NOT_ACTIVE", async () => {
    const sam = (await login(USERS.sam, IP)).accessToken;
    expectError(await billing("/subscription", { token: sam }), 403, "ACCOUNT_NOT_ACTIVE");
  });
});

describe("POST /billing/checkout", () => {
  it("starts a checkout for any plan and interval, for the signed-in user: {url, sessionId}", async () => {
    for (const planKey of ["agent", "team", "brokerage"]) {
      for (const interval of ["monthly", "yearly"]) {
        const page = await expectSession(await checkout({ planKey, interval }));
        expect(page).toMatchObject({ plan: planKey, interval, email: USERS.jordan });
      }
    }
  });

  it("lower-cases planKey and interval, and defaults the interval to monthly", async () => {
    expect(await expectSession(await checkout({ planKey: "Brokerage", interval: "YEARLY" }))).toMatchObject({
      plan: "brokerage",
      interval: "yearly",
    });
    expect(await expectSession(await checkout({ planKey: "team" }))).toMatchObject({
      plan: "team",
      interval: "monthly",
    });
  });

  it("validates planKey and interval with details, all at once", async () => {
    expect(fieldsOf(await checkout({}))).toEqual(["planKey"]);
    expect(fieldsOf(await billing("/checkout", { method: "POST", token }))).toEqual(["planKey"]);
    expect(fieldsOf(await checkout({ planKey: "gold", interval: "weekly" }))).toEqual(["interval", "planKey"]);
    expect(fieldsOf(await checkout({ planKey: "agent", interval: 12 }))).toEqual(["interval"]);
    expect(fieldsOf(await checkout({ planKey: ["agent"] }))).toEqual(["planKey"]);
  });

  it("needs an active account's JWT, checked before validation", async () => {
    expectError(await billing("/checkout", { method: "POST", body: { planKey: "agent" } }), 401, "NO_AUTH_TOKEN");
    const sam = (await login(USERS.sam, IP)).accessToken;
    expectError(await checkout({}, sam), 403, "ACCOUNT_NOT_ACTIVE");
  });
});

describe("POST /billing/portal", () => {
  it("answers {url} to the billing portal, carrying the optional return URL", async () => {
    const r = await portal({ returnUrl: "https://agent.example.com/account?tab=billing" });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.data)).toEqual(["url"]);
    const url = new URL(r.body.data.url);
    expect(url.pathname).toMatch(/^\/__sandbox\/billing-portal\/\S+$/);
    const page = await call(url.pathname + url.search);
    expect(page.body.data).toMatchObject({
      standIn: "billing portal",
      returnUrl: "https://agent.example.com/account?tab=billing",
    });

    for (const body of [{}, { returnUrl: null }, undefined]) {
      const plain = await billing("/portal", { method: "POST", token, ...(body ? { body } : {}) });
      expect(plain.status, JSON.stringify(body)).toBe(200);
      expect(Object.keys(plain.body.data)).toEqual(["url"]);
      expect(new URL(plain.body.data.url).searchParams.has("return_url")).toBe(false);
    }
  });

  it("refuses a return URL that is not http(s) with 400 on returnUrl", async () => {
    for (const returnUrl of ["javascript:alert(1)", "not a url", "ftp://example.com/x", 42]) {
      expect(fieldsOf(await portal({ returnUrl })), String(returnUrl)).toEqual(["returnUrl"]);
    }
  });

  it("needs an active account's JWT", async () => {
    expectError(await billing("/portal", { method: "POST", body: {} }), 401, "NO_AUTH_TOKEN");
    expectError(await billing("/portal", { method: "POST", body: {}, key: full }), 401, "NO_AUTH_TOKEN");
    const sam = (await login(USERS.sam, IP)).accessToken;
    expectError(await portal({}, sam), 403, "ACCOUNT_NOT_ACTIVE");
  });
});
