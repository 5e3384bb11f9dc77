import { fullJitterDelay, rateWindowFrom, retryAtFrom } from "@actuallycare/shared/client/retry-timing";
import { describe, expect, it } from "vitest";

const NOW = Date.parse("2026-07-01T16:00:00.000Z");

describe("retry timing", () => {
  it("reads Retry-After in seconds, then as an HTTP-date, then falls back to RateLimit-Reset", () => {
    expect(retryAtFrom(new Headers({ "Retry-After": "7" }), NOW)).toBe(NOW + 7000);
    expect(retryAtFrom(new Headers({ "Retry-After": "Wed, 01 Jul 2026 16:00:30 GMT" }), NOW)).toBe(NOW + 30_000);
    expect(retryAtFrom(new Headers({ "Retry-After": "Wed, 01 Jul 2026 15:00:00 GMT" }), NOW)).toBe(NOW);
    expect(retryAtFrom(new Headers({ "RateLimit-Reset": "12" }), NOW)).toBe(NOW + 12_000);
    expect(retryAtFrom(new Headers({ "Retry-After": "soon", "RateLimit-Reset": "3" }), NOW)).toBe(NOW + 3000);
    expect(retryAtFrom(new Headers(), NOW)).toBeNull();
  });

  it("reads a rate window only when all three RateLimit headers are numbers", () => {
    const h = new Headers({ "RateLimit-Limit": "500", "RateLimit-Remaining": "12", "RateLimit-Reset": "90" });
    expect(rateWindowFrom(h, NOW)).toEqual({ limit: 500, remaining: 12, resetAt: NOW + 90_000 });
    h.delete("RateLimit-Reset");
    expect(rateWindowFrom(h, NOW)).toBeNull();
  });

  it("draws full-jitter delays below an exponential cap", () => {
    expect(fullJitterDelay(1, 250, 8000, () => 0.999)).toBe(499);
    expect(fullJitterDelay(3, 250, 8000, () => 0.5)).toBe(1000);
    expect(fullJitterDelay(10, 250, 8000, () => 0.5)).toBe(4000);
    expect(fullJitterDelay(2, 250, 8000, () => 0)).toBe(0);
  });
});
