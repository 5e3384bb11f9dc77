import type { KVLike } from "@actuallycare/shared/client/kv-like";
import { credentialScope, SharedBackoff } from "@actuallycare/shared/client/shared-backoff";
import { beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../support/fake-clock";
import { RecordingKv } from "../support/kv-doubles";

export interface BackoffStoreUnderTest {
  kv: KVLike;
  /** How long until a write is visible to another isolate (0 for Miniflare's local KV). */
  lagMs: number;
}

/**
 * The one conformance suite for the shared backoff store, run against each
 * KV it must work with: every isolate backs off together, within KV's rules.
 */
export function describeBackoffStore(name: string, make: (clock: FakeClock) => BackoffStoreUnderTest): void {
  describe(`shared backoff on ${name}`, () => {
    let clock: FakeClock;
    let kv: RecordingKv;
    let lagMs: number;
    let scope: string;
    const isolate = () => new SharedBackoff({ kv, clock, readCacheMs: 2000 });

    beforeEach(async () => {
      clock = new FakeClock();
      const store = make(clock);
      kv = new RecordingKv(store.kv);
      lagMs = store.lagMs;
      scope = await credentialScope(`key-${crypto.randomUUID()}`);
    });

    it("has no marker at first", async () => {
      expect(await isolate().blockedUntil(scope)).toBe(0);
    });

    it("shares a marker with another isolate, at the latest once the KV lag has passed", async () => {
      const a = isolate();
      const b = isolate();
      const until = clock.now() + lagMs + 30_000;
      await a.block(scope, until);
      expect(await a.blockedUntil(scope)).toBe(until);
      clock.advance(lagMs + 2001);
      expect(await b.blockedUntil(scope)).toBe(until);
    });

    it("writes only when the marker moves later by at least a second, with a TTL of at least 60 s", async () => {
      const a = isolate();
      const t = clock.now() + 10_000;
      await a.block(scope, t);
      await a.block(scope, t + 500);
      await a.block(scope, t - 5000);
      expect(kv.puts).toHaveLength(1);
      await a.block(scope, t + 1500);
      expect(kv.puts).toHaveLength(2);
      for (const p of kv.puts) expect(p.expirationTtl).toBeGreaterThanOrEqual(60);
      expect(await a.blockedUntil(scope)).toBe(t + 1500);
    });

    it("never lowers a marker: the later one wins", async () => {
      const a = isolate();
      const later = clock.now() + lagMs + 20_000;
      await a.block(scope, later);
      await a.block(scope, later - 15_000);
      expect(await a.blockedUntil(scope)).toBe(later);
      clock.advance(lagMs + 2001);
      expect(await isolate().blockedUntil(scope)).toBe(later);
    });

    it("judges expiry by the clock, not by the KV TTL", async () => {
      const a = isolate();
      const until = clock.now() + 3_000;
      await a.block(scope, until);
      clock.advance(3_001);
      expect(await a.blockedUntil(scope)).toBe(0);
      // The value is still in KV (its TTL is ≥ 60 s), yet no one is blocked by it.
      clock.advance(lagMs);
      expect(await isolate().blockedUntil(scope)).toBe(0);
    });

    it("logs a failed KV write, never throws, and writes again on the next marker", async () => {
      const logged: string[] = [];
      const a = new SharedBackoff({ kv, clock, log: (m) => logged.push(m) });
      kv.failWrites = true;
      await expect(a.block(scope, clock.now() + 10_000)).resolves.toBeUndefined();
      expect(logged.join()).toMatch(/KV write failed/);
      expect(await a.blockedUntil(scope)).toBe(clock.now() + 10_000);
      kv.failWrites = false;
      clock.advance(1000);
      await a.block(scope, clock.now() + 10_000);
      expect(kv.puts).toHaveLength(1);
    });

    it("shares the last rate window, written at most once a second", async () => {
      const a = isolate();
      await a.observe(scope, { limit: 50, remaining: 40, resetAt: clock.now() + 9000 });
      await a.observe(scope, { limit: 50, remaining: 39, resetAt: clock.now() + 9000 });
      expect(kv.puts).toHaveLength(1);
      clock.advance(1000);
      await a.observe(scope, { limit: 50, remaining: 30, resetAt: clock.now() + 8000 });
      expect(kv.puts).toHaveLength(2);
      clock.advance(lagMs + 2001);
      expect((await isolate().state(scope)).window).toMatchObject({ limit: 50, remaining: 30 });
    });

    it("keys markers by a hash of the credential, which never appears in KV", async () => {
      const secret = "a".repeat(64);
      const hashed = await credentialScope(secret);
      await isolate().block(hashed, clock.now() + 5000);
      expect(hashed).toMatch(/^[0-9a-f]{32}$/);
      expect(JSON.stringify(kv.puts)).not.toContain(secret);
    });
  });
}
