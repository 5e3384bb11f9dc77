import { type Context, Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../app-env";
import { guard, publicRoute } from "../auth/guard";
import { readJsonObject } from "../http/body";
import { ok } from "../http/envelope";
import { email, lowerEnum, validate } from "../http/validate";
import { randomHex } from "../ids";
import { CURRENCY, INTERVALS, PLAN_KEYS, PLANS, PLANS_VERSION, withPriceIds } from "../resources/plans";
import { subscriptionView } from "../resources/subscriptions";

const publicCheckoutSchema = z.object({
  email: z.string({ message: "Email is required" }).pipe(email),
  planKey: z
    .preprocess((v) => (typeof v === "string" ? v.toLowerCase() : v), z.string({ message: "Expected a plan key" }))
    .refine((k) => k === "agent", "Only the agent plan can be bought without an account; use /billing/checkout")
    .default("agent"),
});

const checkoutSchema = z.object({
  planKey: lowerEnum(PLAN_KEYS),
  interval: lowerEnum(INTERVALS).default("monthly"),
});

const portalSchema = z.object({
  returnUrl: z
    .string()
    .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), "Expected an http(s) URL")
    .nullable()
    .optional(),
});

const body = (c: Context<AppEnv>) => readJsonObject(c, c.env.config().maxBodyBytes);

/**
 * A hosted checkout session. The URL points at the sandbox itself, as a
 * stand-in for the payment provider's page; nothing is charged or stored.
 */
function checkoutSession(c: Context<AppEnv>, plan: string, interval: string, customerEmail: string) {
  const sessionId = `cs_sandbox_${randomHex(12)}`;
  const url = new URL(`/__sandbox/checkout/${sessionId}`, c.req.url);
  url.search = new URLSearchParams({ plan, interval, email: customerEmail }).toString();
  return { url: url.toString(), sessionId };
}

/** Billing (spec §2.4): two public endpoints; the rest JWT only (a key header is ignored). */
export function billingRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const jwt = guard({ auth: "jwt" });

  r.get("/public-plans", publicRoute, (c) => {
    c.header("Cache-Control", "public, max-age=300, s-maxage=3600");
    return ok(c, { plans: PLANS, currency: CURRENCY, version: PLANS_VERSION });
  });

  r.post("/public-checkout", publicRoute, async (c) => {
    const input = validate(publicCheckoutSchema, await body(c));
    return ok(c, checkoutSession(c, input.planKey, "monthly", input.email));
  });

  r.get("/plans", jwt, (c) => ok(c, { plans: PLANS.map(withPriceIds), currency: CURRENCY, version: PLANS_VERSION }));

  r.get("/subscription", jwt, (c) => ok(c, subscriptionView(c.env.sql, c.var.caller.user.id)));

  r.post("/checkout", jwt, async (c) => {
    const input = validate(checkoutSchema, await body(c));
    return ok(c, checkoutSession(c, input.planKey, input.interval, c.var.caller.user.email));
  });

  r.post("/portal", jwt, async (c) => {
    const input = validate(portalSchema, await body(c));
    const url = new URL(`/__sandbox/billing-portal/bps_sandbox_${randomHex(12)}`, c.req.url);
    if (input.returnUrl) url.searchParams.set("return_url", input.returnUrl);
    return ok(c, { url: url.toString() });
  });

  return r;
}
