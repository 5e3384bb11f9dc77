import type { Sql } from "./sql";

/**
 * Schema migrations, applied in order once each and recorded in `_migrations`.
 * Append new entries; never edit one that has shipped (sandbox state persists
 * across `npm start` restarts in .wrangler/state).
 */
export const migrations: ReadonlyArray<{ name: string; sql: string }> = [
  {
    name: "0001_init",
    sql: `
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE users (
  id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL, role TEXT NOT NULL, status TEXT NOT NULL, is_active INTEGER NOT NULL DEFAULT 1,
  team_id TEXT, first_name TEXT NOT NULL, last_name TEXT NOT NULL, phone TEXT,
  timezone TEXT NOT NULL DEFAULT 'America/Los_Angeles', profile TEXT NOT NULL DEFAULT '{}',
  failed_logins INTEGER NOT NULL DEFAULT 0, locked_until INTEGER,
  last_login TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY, id TEXT NOT NULL, user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, hard_expires_at INTEGER NOT NULL,
  revoked_at INTEGER, ip_address TEXT, user_agent TEXT
);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY, user_id TEXT NOT NULL, name TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE,
  key_preview TEXT NOT NULL, scopes TEXT NOT NULL, is_active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL, last_used_at TEXT, expires_at TEXT
);
CREATE TABLE escrow_sequences (year INTEGER PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, team_id TEXT, url TEXT NOT NULL, events TEXT NOT NULL,
  secret TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1, last_triggered TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, event TEXT NOT NULL, payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER, state TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE TABLE webhook_logs (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL, webhook_id TEXT NOT NULL, delivery_id TEXT NOT NULL, event TEXT NOT NULL,
  url TEXT NOT NULL, request_headers TEXT NOT NULL, payload TEXT NOT NULL, attempt INTEGER NOT NULL,
  response_status INTEGER NOT NULL, response_body TEXT, delivered_at TEXT, duration_ms INTEGER NOT NULL,
  success INTEGER NOT NULL, created_at TEXT NOT NULL
);
CREATE INDEX webhook_logs_hook ON webhook_logs (webhook_id, seq);
CREATE TABLE rate_windows (key TEXT PRIMARY KEY, window_start INTEGER NOT NULL, count INTEGER NOT NULL);
CREATE TABLE faults (
  id TEXT PRIMARY KEY, path TEXT NOT NULL, method TEXT, mode TEXT NOT NULL, remaining INTEGER,
  fraction REAL, seen INTEGER NOT NULL DEFAULT 0, hang_ms INTEGER NOT NULL, retry_after INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE subscriptions (
  user_id TEXT PRIMARY KEY, status TEXT NOT NULL, plan_key TEXT, interval TEXT, seats INTEGER,
  current_period_end TEXT, cancel_at_period_end INTEGER NOT NULL DEFAULT 0, trial_ends_at TEXT
);
${["leads", "clients", "contacts", "escrows", "listings", "appointments"]
  .map(
    (t) => `CREATE TABLE ${t} (
  id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, team_id TEXT, created_at TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX ${t}_owner ON ${t} (owner_id, created_at);
CREATE INDEX ${t}_team ON ${t} (team_id, created_at);`,
  )
  .join("\n")}
`,
  },
  {
    name: "0002_inboxes",
    sql: `
CREATE TABLE inbox_requests (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, inbox TEXT NOT NULL, path TEXT NOT NULL, headers TEXT NOT NULL,
  body TEXT NOT NULL, status INTEGER NOT NULL, received_at TEXT NOT NULL
);
CREATE INDEX inbox_requests_inbox ON inbox_requests (inbox, seq);
`,
  },
];

/** Applies every migration not yet recorded. Returns the names applied. */
export function migrate(sql: Sql): string[] {
  sql.run("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
  const done = new Set(sql.all<{ name: string }>("SELECT name FROM _migrations").map((r) => r.name));
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    sql.transaction(() => {
      for (const statement of splitStatements(m.sql)) sql.run(statement);
      sql.run("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", m.name, new Date().toISOString());
    });
    applied.push(m.name);
  }
  return applied;
}

function splitStatements(script: string): string[] {
  return script
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ""))
    .filter((s) => s.length > 0);
}
