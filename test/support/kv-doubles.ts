import type { Clock, KVLike } from "@actuallycare/shared/client/kv-like";

export interface PutRecord {
  key: string;
  value: string;
  expirationTtl: number | undefined;
}

/** Wraps a KV and records every write, so tests can count them. */
export class RecordingKv implements KVLike {
  readonly puts: PutRecord[] = [];
  failWrites = false;

  constructor(private readonly inner: KVLike) {}

  get(key: string): Promise<string | null> {
    return this.inner.get(key);
  }
  async put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void> {
    if (this.failWrites) throw new Error("KV PUT failed: 429 Too Many Requests");
    this.puts.push({ key, value, expirationTtl: options?.expirationTtl });
    await this.inner.put(key, value, options);
  }
  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
}

/**
 * A deliberately stale KV, as a reader in another location sees it: a read
 * returns what was written at least `lagMs` ago (by the injected clock).
 */
export class StaleKv implements KVLike {
  private readonly history = new Map<string, Array<{ at: number; value: string | null }>>();

  constructor(
    private readonly clock: Clock,
    private readonly lagMs: number,
  ) {}

  async get(key: string): Promise<string | null> {
    const visible = (this.history.get(key) ?? []).filter((h) => h.at <= this.clock.now() - this.lagMs);
    return visible.at(-1)?.value ?? null;
  }
  async put(key: string, value: string): Promise<void> {
    this.push(key, value);
  }
  async delete(key: string): Promise<void> {
    this.push(key, null);
  }
  private push(key: string, value: string | null): void {
    const list = this.history.get(key) ?? [];
    list.push({ at: this.clock.now(), value });
    this.history.set(key, list);
  }
}
