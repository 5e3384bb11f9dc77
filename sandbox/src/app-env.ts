import type { Clock } from "./clock";
import type { SandboxConfig } from "./config";
import type { Settings } from "./db/settings";
import type { Sql } from "./db/sql";
import type { RateDecision } from "./http/rate-limit";

export type Role = "agent" | "broker" | "lender" | "vendor" | "system_admin";

/** A row of `users`. */
export interface UserRow {
  id: string;
  email: string;
  username: string;
  password_hash: string;
  role: Role;
  status: "active" | "waitlisted" | "suspended";
  is_active: number;
  team_id: string | null;
  first_name: string;
  last_name: string;
  phone: string | null;
  timezone: string;
  profile: string;
  failed_logins: number;
  locked_until: number | null;
  last_login: string | null;
  created_at: string;
  updated_at: string;
}

/** Resource → actions, e.g. `{"leads":["read","write"]}` (spec §1.3). */
export type Scopes = Record<string, string[]>;

/** Who is calling, once authenticated. */
export interface Caller {
  user: UserRow;
  via: "api_key" | "jwt";
  scopes: Scopes | null;
  apiKeyId: string | null;
  /** The refresh-session id carried by the access token, to mark `isCurrent`. */
  sessionId: string | null;
}

/** Something that records an event for webhook delivery; deliveries happen after the response. */
export interface EventSink {
  emit(event: string, data: Record<string, unknown>, actor: UserRow): void;
  /** Queues one delivery of a ready payload to one subscription; returns the delivery id. */
  enqueue(webhookId: string, event: string, payload: string): string;
}

/** What every route handler gets as `c.env`: the sandbox's dependencies, never a global. */
export interface Deps {
  sql: Sql;
  settings: Settings;
  clock: Clock;
  config(): SandboxConfig;
  nextId(): string;
  events: EventSink;
  jwtSecret: string;
}

export type AppEnv = {
  Bindings: Deps;
  Variables: {
    caller: Caller;
    ip: string;
    rate: RateDecision;
    /** The request body, read at most once (`requestBytes`). */
    bodyBytes?: Promise<Uint8Array>;
  };
};
