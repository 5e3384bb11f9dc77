/**
 * When to try again after a 429 (spec §1.7): `Retry-After` in seconds or as
 * an HTTP-date, else `RateLimit-Reset` (seconds), else null. Returns epoch ms.
 */
export function retryAtFrom(headers: Headers, nowMs: number): number | null {
  const retryAfter = headers.get("Retry-After")?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return nowMs + Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(nowMs, date);
  }
  const reset = headers.get("RateLimit-Reset")?.trim();
  if (reset && /^\d+$/.test(reset)) return nowMs + Number(reset) * 1000;
  return null;
}

/** The RateLimit-* headers of a response, when all three are present and numeric. */
export interface RateWindow {
  limit: number;
  remaining: number;
  /** Epoch ms when the window resets. */
  resetAt: number;
}

export function rateWindowFrom(headers: Headers, nowMs: number): RateWindow | null {
  const num = (name: string) => {
    const v = headers.get(name);
    return v !== null && /^\d+$/.test(v.trim()) ? Number(v) : null;
  };
  const limit = num("RateLimit-Limit");
  const remaining = num("RateLimit-Remaining");
  const reset = num("RateLimit-Reset");
  if (limit === null || remaining === null || reset === null) return null;
  return { limit, remaining, resetAt: nowMs + reset * 1000 };
}

/**
 * Exponential backoff with full jitter: a random delay in [0, min(cap, base·2^attempt)).
 * `random` is injectable so tests are deterministic.
 */
export function fullJitterDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
