import { ActuallyCareError } from "./errors";
import type { Clock, Sleep } from "./kv-like";
import type { RateWindow } from "./retry-timing";
import type { SharedBackoff } from "./shared-backoff";

/** Interactive work (a lead submission) goes first; bulk work (digests, polling) keeps a reserve free. */
export type Priority = "interactive" | "bulk";

export interface RateGateOptions {
  backoff: SharedBackoff;
  /** The credential's scope, from `credentialScope()`. */
  scope: string;
  clock: Clock;
  sleep: Sleep;
  priority?: Priority;
  /** Share of each window that bulk callers leave to interactive ones (default 0.2). */
  bulkReserve?: number;
  /**
   * Spread calls over the window from RateLimit-Remaining/Reset, so a backlog
   * drains at the budget's rate instead of meeting 429s. Default: on for bulk
   * work, off for interactive work (a lone submission should not wait).
   */
  pace?: boolean;
  /** The longest wait before a send; longer ones fail at once with `rate_limited` (default: the call's deadline). */
  maxWaitMs?: number;
}

/**
 * Decides when a call may be sent: never inside a shared cool-down, bulk
 * calls never into the reserve, and, with pacing, no faster than the
 * remaining budget allows over the rest of the window.
 */
export class RateGate {
  private lastSentAt = 0;

  constructor(private readonly o: RateGateOptions) {}

  /** Waits until the call may go, or throws `rate_limited` with `retryAt` if that is past the deadline. */
  async beforeSend(deadline: number): Promise<void> {
    const now = this.o.clock.now();
    const state = await this.o.backoff.state(this.o.scope);
    let notBefore = state.until > now ? state.until : 0;
    const window = state.window && state.window.resetAt > now ? state.window : null;
    if (window) {
      const reserve = this.reserve(window);
      if (window.remaining <= reserve) notBefore = Math.max(notBefore, window.resetAt);
      else if ((this.o.pace ?? this.o.priority === "bulk") && this.lastSentAt > 0) {
        const gap = (window.resetAt - now) / (window.remaining - reserve);
        notBefore = Math.max(notBefore, this.lastSentAt + gap);
      }
    }
    const wait = notBefore - now;
    if (wait > 0) {
      const limit = Math.min(deadline - now, this.o.maxWaitMs ?? Number.POSITIVE_INFINITY);
      if (wait > limit) {
        throw new ActuallyCareError({
          kind: "rate_limited",
          message: `Rate limited: no calls before ${new Date(notBefore).toISOString()}`,
          retryAt: Math.ceil(notBefore),
        });
      }
      await this.o.sleep(wait);
    }
    this.lastSentAt = this.o.clock.now();
  }

  /** Feeds the RateLimit-* headers of an answer back; a spent window becomes a cool-down until it resets. */
  async observe(window: RateWindow): Promise<void> {
    await this.o.backoff.observe(this.o.scope, window);
    if (window.remaining === 0) await this.o.backoff.block(this.o.scope, window.resetAt);
  }

  /** After a 429: nobody sharing the credential sends before `until`. */
  async cooldown(until: number): Promise<void> {
    await this.o.backoff.block(this.o.scope, until);
  }

  private reserve(window: RateWindow): number {
    return this.o.priority === "bulk" ? Math.ceil(window.limit * (this.o.bulkReserve ?? 0.2)) : 0;
  }
}
