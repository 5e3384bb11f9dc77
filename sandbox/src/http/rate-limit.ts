import type { Clock } from "../clock";
import type { SandboxConfig } from "../config";
import type { Sql } from "../db/sql";

export type LimiterName = keyof SandboxConfig["rateLimits"];

export interface LimiterState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  exceeded: boolean;
}

/** What the per-request rate step decided; the 429 itself is raised at its place in the check order (spec §4.2). */
export interface RateDecision {
  /** The limiter whose numbers go in the RateLimit-* headers of this response. */
  shown: LimiterState;
  /** Set when the request must be refused: seconds for Retry-After. */
  blockedFor: number | null;
}

/**
 * Fixed windows that start at the first counted request (spec §1.7), per limiter
 * and client IP, in SQLite so every request of the sandbox sees the same counts.
 */
export class RateLimiter {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly config: () => SandboxConfig,
  ) {}

  /** Counts one request and returns the state after it. */
  hit(name: LimiterName, ip: string): LimiterState {
    return this.state(name, ip, 1);
  }

  /** The state without counting. */
  peek(name: LimiterName, ip: string): LimiterState {
    return this.state(name, ip, 0);
  }

  private state(name: LimiterName, ip: string, add: number): LimiterState {
    const { limit, windowMs } = this.config().rateLimits[name];
    const now = this.clock.now();
    const key = `${name}:${ip}`;
    const row = this.sql.one<{ window_start: number; count: number }>(
      "SELECT window_start, count FROM rate_windows WHERE key = ?",
      key,
    );
    const fresh = !row || now >= row.window_start + windowMs || now < row.window_start;
    const start = fresh ? now : row.window_start;
    const count = (fresh ? 0 : row.count) + add;
    if (add > 0) {
      this.sql.run(
        "INSERT INTO rate_windows (key, window_start, count) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET window_start = excluded.window_start, count = excluded.count",
        key,
        start,
        count,
      );
    }
    const resetSeconds =
      fresh && add === 0 ? Math.ceil(windowMs / 1000) : Math.max(1, Math.ceil((start + windowMs - now) / 1000));
    return { limit, remaining: Math.max(0, limit - count), resetSeconds, exceeded: count > limit };
  }
}

export function rateHeaders(s: LimiterState): Record<string, string> {
  return {
    "RateLimit-Limit": String(s.limit),
    "RateLimit-Remaining": String(s.remaining),
    "RateLimit-Reset": String(s.resetSeconds),
  };
}
