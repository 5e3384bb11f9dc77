import { DurableObject } from "cloudflare:workers";
import type { Hono } from "hono";
import { createSandboxApp } from "./app";
import type { AppEnv, Deps } from "./app-env";
import { type Clock, type ClockState, clockFrom, FIXTURE_NOW } from "./clock";
import { configFromEnv, mergeConfig, type SandboxConfig } from "./config";
import { migrate } from "./db/migrations";
import { Settings } from "./db/settings";
import { type Sql, sqlFromStorage } from "./db/sql";
import { seed } from "./fixtures/seed";
import { withDrainedBody } from "./http/drained-body";
import { randomHex, uuidFromCounter } from "./ids";
import { DeliveryQueue } from "./webhooks/delivery-queue";
import { Dispatcher } from "./webhooks/dispatcher";

const DATA_TABLES = [
  "users",
  "refresh_tokens",
  "api_keys",
  "escrow_sequences",
  "webhooks",
  "webhook_deliveries",
  "webhook_logs",
  "rate_windows",
  "faults",
  "subscriptions",
  "leads",
  "clients",
  "contacts",
  "escrows",
  "listings",
  "appointments",
  "inbox_requests",
];

/**
 * The whole sandbox state lives in this one SQLite-backed Durable Object: one
 * writer, so counters, rate windows and ids stay consistent, and an alarm to
 * drive webhook retries. It persists in .wrangler/state across restarts.
 */
export class SandboxApi extends DurableObject<Env> {
  private readonly sql: Sql;
  private readonly settings: Settings;
  private readonly clock: Clock;
  private readonly baseConfig: SandboxConfig;
  private configCache: SandboxConfig | null = null;
  private readonly app: Hono<AppEnv>;
  private readonly dispatcher: Dispatcher;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = sqlFromStorage(ctx.storage);
    this.settings = new Settings(this.sql);
    this.baseConfig = configFromEnv(env as unknown as Record<string, unknown>);
    this.clock = clockFrom(() => this.settings.get<ClockState>("clock") ?? { offsetMs: 0, frozenAt: null });
    this.dispatcher = new Dispatcher(
      this.sql,
      this.clock,
      () => this.config(),
      () => this.nextId(),
    );
    this.app = createSandboxApp({
      reset: () => this.reset(),
      flush: () => this.flush(),
      setClock: (change) => this.setClock(change),
      setConfigOverride: (o) => this.setConfigOverride(o),
    });
    void ctx.blockConcurrencyWhile(async () => {
      migrate(this.sql);
      if (!this.settings.get("seeded_at")) await this.reset();
    });
  }

  override async fetch(request: Request): Promise<Response> {
    const queue = new DeliveryQueue(this.sql, this.clock, () => this.nextId());
    const deps: Deps = {
      sql: this.sql,
      settings: this.settings,
      clock: this.clock,
      config: () => this.config(),
      nextId: () => this.nextId(),
      events: queue,
      jwtSecret: this.settings.get<string>("jwt_secret") ?? "",
    };
    const body = withDrainedBody(request);
    const response = await this.app.fetch(body.request, deps, {
      waitUntil: (p: Promise<unknown>) => this.ctx.waitUntil(p),
      passThroughOnException: () => {},
      props: {},
    } as ExecutionContext);
    if (queue.queued) this.ctx.waitUntil(this.dispatch());
    // A body refused unread (401, 403, 404, a fault) or past the cap (413) is still taken in to its end,
    // and thrown away, before the answer: the forwarding stream must not be left open past the response.
    await body.drain();
    return response;
  }

  override async alarm(): Promise<void> {
    await this.dispatch();
  }

  private async dispatch(all = false): Promise<number> {
    const sent = await this.dispatcher.runDue({ all });
    const next = this.dispatcher.nextDueAt();
    if (next !== null) await this.ctx.storage.setAlarm(next);
    return sent;
  }

  /** Sends pending deliveries until none is left, retries included (a flush ignores retry delays). */
  private async flush(): Promise<number> {
    let total = 0;
    for (let round = 0; round < 8; round++) {
      const sent = await this.dispatch(true);
      total += sent;
      if (sent === 0) break;
    }
    return total;
  }

  private config(): SandboxConfig {
    if (!this.configCache) {
      const override = this.settings.get<unknown>("config_override");
      this.configCache = override ? mergeConfig(this.baseConfig, override) : this.baseConfig;
    }
    return this.configCache;
  }

  private setConfigOverride(override: unknown): void {
    const merged = mergeConfig(this.config(), override);
    this.settings.set("config_override", merged);
    this.configCache = merged;
  }

  private setClock(change: { now?: string; advanceMs?: number; frozen?: boolean }): void {
    const current = this.clock.now();
    const target = change.now !== undefined ? Date.parse(change.now) : current + (change.advanceMs ?? 0);
    const frozen = change.frozen ?? (this.settings.get<ClockState>("clock")?.frozenAt ?? null) !== null;
    const state: ClockState = frozen
      ? { offsetMs: 0, frozenAt: target }
      : { offsetMs: target - Date.now(), frozenAt: null };
    this.settings.set("clock", state);
  }

  private nextId(): string {
    return uuidFromCounter(this.settings.increment("id_counter"));
  }

  private async reset(): Promise<void> {
    this.sql.transaction(() => {
      for (const t of DATA_TABLES) this.sql.run(`DELETE FROM ${t}`);
      this.sql.run("DELETE FROM settings");
      this.settings.set("clock", { offsetMs: FIXTURE_NOW - Date.now(), frozenAt: null } satisfies ClockState);
      this.settings.set("jwt_secret", randomHex(32));
    });
    this.configCache = null;
    await seed(this.sql, this.clock.now(), () => this.nextId());
    this.settings.set("seeded_at", this.clock.iso());
  }
}
