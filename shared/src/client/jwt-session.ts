import * as z from "../zod";
import { ActuallyCareError } from "./errors";
import type { Clock, KVLike } from "./kv-like";
import type { TokenSource, Transport } from "./transport";

/** What an access token lives when the answer does not say (spec §1.2). */
const DEFAULT_LIFETIME = "15m";
/** Refresh this long before the access token expires, so a call never carries a dying token. */
const REFRESH_MARGIN_MS = 60_000;

const tokensSchema = z.object({
  accessToken: z.string(),
  /** Epoch ms. */
  accessExpiresAt: z.number(),
  refreshToken: z.nullable(z.string()),
});
type Tokens = z.infer<typeof tokensSchema>;

/** Only the access token is required; without `expiresIn` it counts as 15 minutes (the documented default). */
const loginData = z.looseObject({
  accessToken: z.string(),
  refreshToken: z.optional(z.nullable(z.string())),
  expiresIn: z.optional(z.nullable(z.union([z.string(), z.number()]))),
});
const refreshData = loginData;

export interface JwtSessionOptions {
  email: string;
  password: string;
  /** Where tokens are cached across isolates and invocations; without it, only in memory. */
  kv?: KVLike;
  /** KV key; derive it from the account, e.g. with `credentialScope(email)`. */
  cacheKey: string;
  clock: Clock;
  /** Transport for the public auth endpoints: give it its own gate, since their limits are their own (§1.7). */
  authTransport: Transport;
}

/**
 * A logged-in session for the JWT-only groups (spec §1.2 "Worker pattern"):
 * log in once, keep the tokens in KV, refresh before expiry, log in again
 * only when the refresh is refused (401).
 */
export class JwtSession implements TokenSource {
  private tokens: Tokens | null = null;
  private pending: Promise<Tokens> | null = null;

  constructor(private readonly o: JwtSessionOptions) {}

  async accessToken(): Promise<string> {
    const now = this.o.clock.now();
    if (this.tokens && this.tokens.accessExpiresAt - REFRESH_MARGIN_MS > now) return this.tokens.accessToken;
    // One renewal at a time per isolate; concurrent callers share it.
    this.pending ??= this.renew().finally(() => {
      this.pending = null;
    });
    return (await this.pending).accessToken;
  }

  async invalidate(token: string): Promise<void> {
    if (this.tokens?.accessToken === token) this.tokens = { ...this.tokens, accessExpiresAt: 0 };
  }

  private async renew(): Promise<Tokens> {
    const now = this.o.clock.now();
    const cached = this.tokens ?? (await this.readCache());
    if (cached && cached.accessExpiresAt - REFRESH_MARGIN_MS > now) return this.keep(cached, false);
    if (cached?.refreshToken) {
      try {
        return await this.keep(await this.refresh(cached.refreshToken), true);
      } catch (err) {
        // Rotated elsewhere, revoked or expired: a new login is the documented way out.
        if (!(err instanceof ActuallyCareError && err.status === 401)) throw err;
      }
    }
    return this.keep(await this.login(), true);
  }

  private async login(): Promise<Tokens> {
    const r = await this.o.authTransport.request({
      method: "POST",
      path: "/auth/login",
      auth: "none",
      body: { email: this.o.email, password: this.o.password },
      data: loginData,
    });
    return this.toTokens(r.data);
  }

  private async refresh(refreshToken: string): Promise<Tokens> {
    const r = await this.o.authTransport.request({
      method: "POST",
      path: "/auth/refresh",
      auth: "none",
      body: { refreshToken },
      data: refreshData,
    });
    return this.toTokens(r.data, refreshToken);
  }

  private toTokens(d: z.infer<typeof loginData>, previousRefresh: string | null = null): Tokens {
    return {
      accessToken: d.accessToken,
      accessExpiresAt: this.o.clock.now() + durationMs(d.expiresIn ?? DEFAULT_LIFETIME),
      refreshToken: d.refreshToken ?? previousRefresh,
    };
  }

  private async keep(tokens: Tokens, store: boolean): Promise<Tokens> {
    this.tokens = tokens;
    if (store && this.o.kv) {
      const ttl = Math.max(60, Math.ceil((tokens.accessExpiresAt - this.o.clock.now()) / 1000) + 30 * 86_400);
      await this.o.kv.put(this.o.cacheKey, JSON.stringify(tokens), { expirationTtl: ttl }).catch(() => {
        // A lost cache write only costs a refresh later.
      });
    }
    return tokens;
  }

  private async readCache(): Promise<Tokens | null> {
    if (!this.o.kv) return null;
    const raw = await this.o.kv.get(this.o.cacheKey).catch(() => null);
    if (!raw) return null;
    const parsed = tokensSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }
}

/** `"15m"`, `"7d"`, `"3600s"`, `"2h"` or a number of seconds, in ms; unknown forms count as 15 minutes. */
export function durationMs(value: string | number): number {
  if (typeof value === "number") return value * 1000;
  const m = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!m) return 15 * 60_000;
  const unit = { "": 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "" | "s" | "m" | "h" | "d"];
  return Number(m[1]) * unit;
}
