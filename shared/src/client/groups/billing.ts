import * as z from "../../zod";
import { maybeBoolean, maybeList, maybeNumber, maybeString, openEnum } from "../schema-helpers";
import type { Transport } from "../transport";

export const PLAN_KEYS = ["agent", "team", "brokerage"] as const;
export const SUBSCRIPTION_STATUSES = ["none", "trialing", "active", "past_due", "canceled"] as const;

/** A plan (spec §2.4); prices are integer cents. Only `key` is required. */
export const planSchema = z.looseObject({
  key: openEnum(PLAN_KEYS),
  name: maybeString,
  priceMonthly: maybeNumber,
  priceYearly: maybeNumber,
  trialDays: maybeNumber,
  seats: maybeNumber,
  features: maybeList(z.string()),
});
export type Plan = z.infer<typeof planSchema>;

/** `GET /billing/plans` adds the checkout identifiers to each plan. */
export const pricedPlanSchema = z.extend(planSchema, {
  priceIds: z.optional(z.looseObject({ monthly: maybeString, yearly: maybeString })),
});
export type PricedPlan = z.infer<typeof pricedPlanSchema>;

const catalog = <T extends z.ZodMiniType>(plan: T) =>
  z.looseObject({
    plans: z.array(plan),
    currency: maybeString,
    version: z.optional(z.union([z.string(), z.number()])),
  });

/** Only `status` is required: it is what callers branch on. */
export const subscriptionSchema = z.looseObject({
  status: openEnum(SUBSCRIPTION_STATUSES),
  planKey: maybeString,
  interval: maybeString,
  seats: maybeNumber,
  currentPeriodEnd: maybeString,
  cancelAtPeriodEnd: maybeBoolean,
  trialEndsAt: maybeString,
});
export type Subscription = z.infer<typeof subscriptionSchema>;

/** A hosted checkout page to redirect the user to; only `url` is required. */
export const checkoutSessionSchema = z.looseObject({ url: z.string(), sessionId: maybeString });
export type CheckoutSession = z.infer<typeof checkoutSessionSchema>;

/** Billing (spec §2.4): `publicPlans` and `publicCheckout` are public, the rest JWT only. */
export function billingApi(t: Transport) {
  return {
    /** Public; cacheable (5 min in browsers, 1 h at the CDN). */
    publicPlans: async () =>
      (await t.request({ method: "GET", path: "/billing/public-plans", auth: "none", data: catalog(planSchema) })).data,
    /** Public; only the `agent` plan can be bought without an account (anything else is a 400). */
    publicCheckout: async (body: { email: string; planKey?: "agent" }) =>
      (
        await t.request({
          method: "POST",
          path: "/billing/public-checkout",
          body,
          auth: "none",
          data: checkoutSessionSchema,
        })
      ).data,
    /** The plans with their checkout identifiers. */
    plans: async () =>
      (await t.request({ method: "GET", path: "/billing/plans", auth: "jwt", data: catalog(pricedPlanSchema) })).data,
    /** The caller's subscription; `status:"none"` when there is none. */
    subscription: async () =>
      (await t.request({ method: "GET", path: "/billing/subscription", auth: "jwt", data: subscriptionSchema })).data,
    /** Team and brokerage plans are bought here. */
    checkout: async (body: { planKey: (typeof PLAN_KEYS)[number]; interval?: "monthly" | "yearly" }) =>
      (await t.request({ method: "POST", path: "/billing/checkout", body, auth: "jwt", data: checkoutSessionSchema }))
        .data,
    /** The billing portal's URL, returning to `returnUrl` when given. */
    portal: async (body: { returnUrl?: string } = {}) =>
      (
        await t.request({
          method: "POST",
          path: "/billing/portal",
          body,
          auth: "jwt",
          data: z.looseObject({ url: z.string() }),
        })
      ).data,
  };
}

export type BillingApi = ReturnType<typeof billingApi>;
