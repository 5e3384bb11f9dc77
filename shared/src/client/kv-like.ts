/**
 * The part of Workers KV the client uses, so shared code does not depend on
 * one worker's bindings and tests can pass a deliberately stale double.
 */
export interface KVLike {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Where "now" comes from; injected so tests can move time without touching timers. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** How the client waits; injected so tests can wait on a fake clock. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
