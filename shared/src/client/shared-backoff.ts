import * as z from "../zod";
import type { Clock, KVLike } from "./kv-like";
import type { RateWindow } from "./retry-timing";

/** KV allows one write per second per key; writes closer than this are skipped. */
const MIN_WRITE_GAP_MS = 1000;
/** KV's smallest `expirationTtl`. */
const MIN_TTL_SECONDS = 60;
/** How long a read KV value is trusted in this isolate before it is read again. */
const DEFAULT_READ_CACHE_MS = 2000;

const stateSchema = z.object({
  /** No calls before this epoch ms. */
  until: z._default(z.number(), 0),
  /** The last rate window a client saw, for pacing and reserves across isolates. */
  window: z._default(
    z.nullable(z.object({ limit: z.number(), remaining: z.number(), resetAt: z.number(), seenAt: z.number() })),
    null,
  ),
});
export type BackoffState = z.infer<typeof stateSchema>;

interface CacheEntry {
  state: BackoffState;
  readAt: number;
  writtenAt: number;
  writtenUntil: number;
}

/** An isolate's memory of markers; share one per isolate (module scope) between client instances. */
export type BackoffCache = Map<string, CacheEntry>;

export interface SharedBackoffOptions {
  kv: KVLike;
  clock: Clock;
  /** Shared by the client instances of one isolate; defaults to a private one. */
  cache?: BackoffCache;
  readCacheMs?: number;
  /** Where a failed KV write is reported; it never fails the request. */
  log?: (message: string) => void;
}

/**
 * "No calls before T" markers in KV, keyed by a hash of the credential, so
 * every isolate and worker spending one budget backs off together.
 *
 * KV is eventually consistent (up to ~60 s between locations): a stale read
 * costs at most one extra 429, which re-arms the marker. T is always compared
 * with the injected clock; the KV TTL only garbage-collects old markers.
 */
export class SharedBackoff {
  private readonly cache: BackoffCache;
  private readonly readCacheMs: number;

  constructor(private readonly options: SharedBackoffOptions) {
    this.cache = options.cache ?? new Map();
    this.readCacheMs = options.readCacheMs ?? DEFAULT_READ_CACHE_MS;
  }

  /** The current state for a scope (a credential hash), from this isolate's cache or KV. */
  async state(scope: string): Promise<BackoffState> {
    const now = this.options.clock.now();
    const cached = this.cache.get(scope);
    // A known future marker cannot be lifted by a read, so it is trusted until it passes.
    if (cached && (cached.state.until > now || now - cached.readAt < this.readCacheMs)) return cached.state;
    let state: BackoffState = { until: 0, window: null };
    try {
      const raw = await this.options.kv.get(key(scope));
      if (raw) state = stateSchema.parse(JSON.parse(raw));
    } catch (err) {
      this.options.log?.(`backoff: KV read failed for ${scope.slice(0, 8)}: ${String(err)}`);
    }
    const entry = this.entry(scope);
    entry.state = mergeStates(entry.state, state);
    entry.readAt = now;
    return entry.state;
  }

  /** Epoch ms before which no call should be sent, or 0. */
  async blockedUntil(scope: string): Promise<number> {
    const { until } = await this.state(scope);
    return until > this.options.clock.now() ? until : 0;
  }

  /**
   * Records "no calls before `until`". KV is written only when the marker
   * moves later by at least a second (KV takes one write per second per key).
   */
  async block(scope: string, until: number): Promise<void> {
    const entry = this.entry(scope);
    entry.state = mergeStates(entry.state, { until, window: entry.state.window });
    if (until >= entry.writtenUntil + MIN_WRITE_GAP_MS) await this.write(scope, entry);
  }

  /** Records the latest rate window seen (for pacing and reserves); KV is written at most once a second. */
  async observe(scope: string, window: RateWindow): Promise<void> {
    const now = this.options.clock.now();
    const entry = this.entry(scope);
    entry.state = mergeStates(entry.state, { until: 0, window: { ...window, seenAt: now } });
    if (now - entry.writtenAt >= MIN_WRITE_GAP_MS) await this.write(scope, entry);
  }

  private entry(scope: string): CacheEntry {
    let entry = this.cache.get(scope);
    if (!entry) {
      entry = { state: { until: 0, window: null }, readAt: 0, writtenAt: 0, writtenUntil: 0 };
      this.cache.set(scope, entry);
    }
    return entry;
  }

  private async write(scope: string, entry: CacheEntry): Promise<void> {
    const now = this.options.clock.now();
    const { until, window } = entry.state;
    // The TTL only collects garbage: expiry is judged by `until` against the clock.
    const ttl = Math.ceil((Math.max(until, window?.resetAt ?? 0, now) - now) / 1000) + MIN_TTL_SECONDS;
    const previous = { writtenAt: entry.writtenAt, writtenUntil: entry.writtenUntil };
    entry.writtenAt = now;
    entry.writtenUntil = Math.max(entry.writtenUntil, until);
    try {
      await this.options.kv.put(key(scope), JSON.stringify(entry.state), { expirationTtl: ttl });
    } catch (err) {
      Object.assign(entry, previous);
      this.options.log?.(`backoff: KV write failed for ${scope.slice(0, 8)}: ${String(err)}`);
    }
  }
}

/** Later marker wins; the fresher window wins (the second one on a tie: it is the newer news). */
function mergeStates(a: BackoffState, b: BackoffState): BackoffState {
  const window = !a.window ? b.window : !b.window ? a.window : a.window.seenAt > b.window.seenAt ? a.window : b.window;
  return { until: Math.max(a.until, b.until), window };
}

const key = (scope: string) => `backoff:${scope}`;

/** A stable, non-reversible scope for a credential: the first 32 hex of SHA-256("actuallycare-backoff:" + credential). */
export async function credentialScope(credential: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`actuallycare-backoff:${credential}`));
  return [...new Uint8Array(digest)]
    .slice(0, 16)
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}
