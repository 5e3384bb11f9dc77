import type { Sql } from "../db/sql";
import type { SeedContext } from "../fixtures/seed";

export const SUBSCRIPTION_STATUSES = ["none", "trialing", "active", "past_due", "canceled"] as const;

/** A row of `subscriptions`. */
export interface SubscriptionRow {
  user_id: string;
  status: (typeof SUBSCRIPTION_STATUSES)[number];
  plan_key: string | null;
  interval: string | null;
  seats: number | null;
  current_period_end: string | null;
  cancel_at_period_end: number;
  trial_ends_at: string | null;
}

/** `GET /billing/subscription`'s answer (spec §2.4); a user with no row has status `none`. */
export function subscriptionView(sql: Sql, userId: string) {
  const row = sql.one<SubscriptionRow>("SELECT * FROM subscriptions WHERE user_id = ?", userId);
  return {
    status: row?.status ?? "none",
    planKey: row?.plan_key ?? null,
    interval: row?.interval ?? null,
    seats: row?.seats ?? null,
    currentPeriodEnd: row?.current_period_end ?? null,
    cancelAtPeriodEnd: row ? row.cancel_at_period_end === 1 : false,
    trialEndsAt: row?.trial_ends_at ?? null,
  };
}

/** Jordan is in the agent plan's 30-day trial, started two weeks before the fixture "now"; the others have none. */
export function seedSubscriptions(ctx: SeedContext): void {
  const trialEnd = new Date(ctx.now + 16 * 86_400_000).toISOString();
  ctx.sql.run(
    `INSERT INTO subscriptions (user_id, status, plan_key, interval, seats, current_period_end, cancel_at_period_end, trial_ends_at)
     VALUES (?, 'trialing', 'agent', 'monthly', 1, ?, 0, ?)`,
    ctx.users.jordan.id,
    trialEnd,
    trialEnd,
  );
}
