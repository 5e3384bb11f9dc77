import { beforeEach, describe, expect, it } from "vitest";
import { call, expectError, fixtureKey, login, resetSandbox, USERS } from "../support/sandbox-client";

const IP = "10.53.0.1";
let token: string;

beforeEach(async () => {
  await resetSandbox();
  token = (await login(USERS.jordan, IP)).accessToken;
});

const billing = (path: string, opts: Parameters<typeof call>[1] = {}) =>
  call(`/v1/billing${path}`, { ip: IP, ...opts });

describe("billing", () => {
  it("serves the public plans without auth, in integer cents, cacheable", async () => {
    const r = await billing("/public-plans");
    expect(r.status).toBe(200);
    expect(r.headers.get("Cache-Control")).toBe("public, max-age=300, s-maxage=3600");
    expect(r.body.data).toMatchObject({ currency: "usd", version: expect.anything() });
    expect(r.body.data.plans.map((p: { key: string }) => p.key)).toEqual(["agent", "team", "brokerage"]);
    expect(r.body.data.plans[0]).toMatchObject({
      key: "agent",
      name: "ActuallyCare+ Agent",
      priceMonthly: 10000,
      priceYearly: 120000,
      trialDays: 30,
      seats: 1,
    });
    for (const p of r.body.data.plans) {
      expect(Number.isInteger(p.priceMonthly) && Number.isInteger(p.priceYearly)).toBe(true);
      expect(p.features.every((f: unknown) => typeof f === "string")).toBe(true);
      expect(p).not.toHaveProperty("priceIds");
    }
  });

  it("starts a public checkout for the agent plan only", async () => {
    const r = await billing("/public-checkout", {
      method: "POST",
      body: { email: "new.agent@example.com", planKey: "agent" },
    });
    expect(r.status).toBe(200);
    expect(r.body.data.sessionId).toMatch(/^cs_sandbox_[0-9a-f]{24}$/);
    const page = await call(new URL(r.body.data.url).pathname + new URL(r.body.data.url).search);
    expect(page.body.data).toMatchObject({ standIn: "hosted checkout", plan: "agent", email: "new.agent@example.com" });
    const team = expectError(
      await billing("/public-checkout", { method: "POST", body: { email: "x@example.com", planKey: "team" } }),
      400,
      "VALIDATION_ERROR",
    );
    expect(team.details.map((d: { field: string }) => d.field)).toEqual(["planKey"]);
    const bad = expectError(await billing("/public-checkout", { method: "POST", body: {} }), 400, "VALIDATION_ERROR");
    expect(bad.details.map((d: { field: string }) => d.field)).toContain("email");
  });

  it("adds checkout price ids to the plans for a signed-in user; JWT only", async () => {
    const r = await billing("/plans", { token });
    expect(r.status).toBe(200);
    for (const p of r.body.data.plans)
      expect(p.priceIds).toEqual({ monthly: expect.any(String), yearly: expect.any(String) });
    expectError(await billing("/plans", { key: await fixtureKey("full-access") }), 401, "NO_AUTH_TOKEN");
  });

  it("reports the subscription: Jordan is trialing the agent plan, Maria has none", async () => {
    const r = await billing("/subscription", { token });
    expect(Object.keys(r.body.data).sort()).toEqual(
      ["cancelAtPeriodEnd", "currentPeriodEnd", "interval", "planKey", "seats", "status", "trialEndsAt"].sort(),
    );
    expect(r.body.data).toMatchObject({
      status: "trialing",
      planKey: "agent",
      interval: "monthly",
      seats: 1,
      cancelAtPeriodEnd: false,
    });
    const maria = (await login(USERS.maria, IP)).accessToken;
    expect((await billing("/subscription", { token: maria })).body.data).toMatchObject({
      status: "none",
      planKey: null,
    });
  });

  it("starts a checkout for any plan and interval, validated", async () => {
    const r = await billing("/checkout", { method: "POST", token, body: { planKey: "Brokerage", interval: "yearly" } });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({
      url: expect.stringContaining("plan=brokerage"),
      sessionId: expect.stringMatching(/^cs_sandbox_/),
    });
    const e = expectError(
      await billing("/checkout", { method: "POST", token, body: { planKey: "gold", interval: "weekly" } }),
      400,
      "VALIDATION_ERROR",
    );
    expect(e.details.map((d: { field: string }) => d.field).sort()).toEqual(["interval", "planKey"]);
  });

  it("opens the billing portal with an optional return URL", async () => {
    const r = await billing("/portal", {
      method: "POST",
      token,
      body: { returnUrl: "https://agent.example.com/account" },
    });
    expect(r.status).toBe(200);
    const url = new URL(r.body.data.url);
    expect(url.searchParams.get("return_url")).toBe("https://agent.example.com/account");
    expect((await call(url.pathname + url.search)).body.data).toMatchObject({ standIn: "billing portal" });
    expect((await billing("/portal", { method: "POST", token, body: {} })).status).toBe(200);
    expectError(
      await billing("/portal", { method: "POST", token, body: { returnUrl: "javascript:alert(1)" } }),
      400,
      "VALIDATION_ERROR",
    );
  });
});
