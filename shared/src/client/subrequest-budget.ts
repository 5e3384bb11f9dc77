import { ActuallyCareError } from "./errors";

/**
 * Counts the subrequests one invocation spends (Miniflare does not enforce the
 * platform's limit, so we do): the client fails fast with `budget_exhausted`
 * instead of sending the request that would exceed it. Create one per invocation.
 */
export class SubrequestBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  get remaining(): number {
    return this.limit - this.used;
  }

  /** Takes `n` subrequests from the budget, or throws without taking any. */
  spend(n = 1): void {
    if (this.used + n > this.limit) {
      throw new ActuallyCareError({
        kind: "budget_exhausted",
        message: `Subrequest budget of ${this.limit} for this invocation is spent`,
        retryable: true,
      });
    }
    this.used += n;
  }
}
