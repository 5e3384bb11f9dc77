import type { Sql } from "../db/sql";

/** One email the outbox received, as `GET /__outbox` lists it. */
export interface OutboxMessage {
  id: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
  idempotencyKey: string | null;
  receivedAt: string;
}

interface Row {
  id: string;
  body: string;
  idempotency_key: string | null;
  received_at: string;
}

/**
 * The outbox's own tables, created on first use: they are not sandbox API
 * data, so `/__sandbox/reset` leaves them alone (`DELETE /__outbox` clears them).
 */
export function ensureOutboxTables(sql: Sql): void {
  sql.run(`CREATE TABLE IF NOT EXISTS outbox_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL,
    idempotency_key TEXT, received_at TEXT NOT NULL)`);
  sql.run(`CREATE TABLE IF NOT EXISTS outbox_idempotency (
    key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, status INTEGER NOT NULL, answer TEXT NOT NULL)`);
}

export function storeMessage(sql: Sql, m: OutboxMessage): void {
  const { id, idempotencyKey, receivedAt, ...body } = m;
  sql.run(
    "INSERT INTO outbox_messages (id, body, idempotency_key, received_at) VALUES (?, ?, ?, ?)",
    id,
    JSON.stringify(body),
    idempotencyKey,
    receivedAt,
  );
}

export function listMessages(sql: Sql, to?: string): OutboxMessage[] {
  const rows = sql.all<Row>("SELECT id, body, idempotency_key, received_at FROM outbox_messages ORDER BY seq DESC");
  const messages = rows.map((r) => ({
    id: r.id,
    ...(JSON.parse(r.body) as Omit<OutboxMessage, "id" | "idempotencyKey" | "receivedAt">),
    idempotencyKey: r.idempotency_key,
    receivedAt: r.received_at,
  }));
  const wanted = to?.toLowerCase();
  return wanted ? messages.filter((m) => m.to.some((a) => a.toLowerCase().includes(wanted))) : messages;
}

export function clearOutbox(sql: Sql): number {
  const n = sql.run("DELETE FROM outbox_messages");
  sql.run("DELETE FROM outbox_idempotency");
  return n;
}

/** The first answer given for an idempotency key, with the hash of the request it answered. */
export function rememberedAnswer(
  sql: Sql,
  key: string,
): { requestHash: string; status: number; answer: string } | undefined {
  const row = sql.one<{ request_hash: string; status: number; answer: string }>(
    "SELECT request_hash, status, answer FROM outbox_idempotency WHERE key = ?",
    key,
  );
  return row ? { requestHash: row.request_hash, status: row.status, answer: row.answer } : undefined;
}

export function rememberAnswer(sql: Sql, key: string, requestHash: string, status: number, answer: string): void {
  sql.run(
    "INSERT OR IGNORE INTO outbox_idempotency (key, request_hash, status, answer) VALUES (?, ?, ?, ?)",
    key,
    requestHash,
    status,
    answer,
  );
}
