/** A billing plan (spec §2.4); prices are integer cents. */
export interface Plan {
  key: PlanKey;
  name: string;
  priceMonthly: number;
  priceYearly: number;
  trialDays: number;
  seats: number;
  features: string[];
}

export const PLAN_KEYS = ["agent", "team", "brokerage"] as const;
export type PlanKey = (typeof PLAN_KEYS)[number];
export const INTERVALS = ["monthly", "yearly"] as const;

export const CURRENCY = "usd";
/** Bumped when the catalog changes, so caches can tell versions apart. */
export const PLANS_VERSION = "2026-07-01";

/**
 * The agent plan is the documented one; team and brokerage prices are
 * unpublished, so theirs are sandbox placeholders (spec §2.4).
 */
export const PLANS: readonly Plan[] = [
  {
    key: "agent",
    name: "ActuallyCare+ Agent",
    priceMonthly: 10000,
    priceYearly: 120000,
    trialDays: 30,
    seats: 1,
    features: [
      "Lead, client and contact management",
      "Escrow tracking with key-date reminders",
      "Listings and appointments",
      "API keys and webhooks",
    ],
  },
  {
    key: "team",
    name: "ActuallyCare+ Team",
    priceMonthly: 40000,
    priceYearly: 480000,
    trialDays: 30,
    seats: 5,
    features: ["Everything in Agent", "Shared team pipeline", "Team visibility for the broker"],
  },
  {
    key: "brokerage",
    name: "ActuallyCare+ Brokerage",
    priceMonthly: 150000,
    priceYearly: 1800000,
    trialDays: 30,
    seats: 25,
    features: ["Everything in Team", "Brokerage-wide reporting", "Priority support"],
  },
];

/** The checkout identifiers `GET /billing/plans` adds; stable names, as a payment provider's price ids would be. */
export function withPriceIds(plan: Plan): Plan & { priceIds: { monthly: string; yearly: string } } {
  return {
    ...plan,
    priceIds: { monthly: `price_sandbox_${plan.key}_monthly`, yearly: `price_sandbox_${plan.key}_yearly` },
  };
}
