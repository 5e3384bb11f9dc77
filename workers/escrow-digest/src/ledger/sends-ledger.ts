/**
 * The send ledger in D1 (strongly consistent, one writer): one row per
 * occurrence. Every transition is a compare-and-set `UPDATE … WHERE` on the
 * state, the lease or the claim token, so two invocations can never both
 * own an occurrence, and a crashed owner's lease simply runs out.
 *
 * queued → claimed (building) → sending (provider call) → sent
 *                 ↘ skipped (nothing due, unsubscribed)   ↘ failed (permanent)
 */

export type SendState = "queued" | "claimed" | "sending" | "sent" | "skipped" | "failed";
export const TERMINAL: ReadonlySet<string> = new Set(["sent", "skipped", "failed"]);

export interface SendRow {
  occurrence: string;
  recipient: string;
  local_date: string;
  state: SendState;
  claim_token: string | null;
  lease_until_ms: number;
  in_flight: number;
  next_attempt_ms: number;
  attempts: number;
  due_at_ms: number;
  provider: string | null;
  provider_id: string | null;
  subject: string | null;
  error_code: string | null;
  error_detail: string | null;
  payload: string | null;
  snapshot: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

/** How long an owner may build and send one digest before others may take over. */
export const LEASE_MS = 5 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();
const detail = (s: string | null | undefined) => (s ? s.slice(0, 500) : null);

export async function getSend(db: D1Database, occurrence: string): Promise<SendRow | null> {
  return db.prepare("SELECT * FROM sends WHERE occurrence = ?").bind(occurrence).first<SendRow>();
}

/**
 * Records an occurrence as queued, once. `new` when this call created it,
 * `stale` when it existed unfinished and nobody has touched it since its
 * message was due (a lost message or a crashed run): this call won the right
 * to enqueue it again. `busy` and `done` need nothing.
 */
export async function ensureQueued(
  db: D1Database,
  o: { occurrence: string; recipient: string; date: string; dueAt: number },
  now: number,
  expectBy: number,
): Promise<"new" | "stale" | "busy" | "done"> {
  const inserted = await db
    .prepare(
      `INSERT INTO sends (occurrence, recipient, local_date, state, next_attempt_ms, due_at_ms, created_at, updated_at)
       VALUES (?, ?, ?, 'queued', ?, ?, ?, ?) ON CONFLICT (occurrence) DO NOTHING`,
    )
    .bind(o.occurrence, o.recipient.toLowerCase(), o.date, expectBy, o.dueAt, iso(now), iso(now))
    .run();
  if (inserted.meta.changes === 1) return "new";
  const row = await getSend(db, o.occurrence);
  if (!row || TERMINAL.has(row.state)) return "done";
  if (row.lease_until_ms > now || row.next_attempt_ms > now) return "busy";
  const won = await db
    .prepare("UPDATE sends SET next_attempt_ms = ?, updated_at = ? WHERE occurrence = ? AND next_attempt_ms = ?")
    .bind(expectBy, iso(now), o.occurrence, row.next_attempt_ms)
    .run();
  return won.meta.changes === 1 ? "stale" : "busy";
}

/** Takes a queued occurrence, or one whose builder's lease ran out; null when someone else owns it or it is done. */
export async function claim(db: D1Database, occurrence: string, token: string, now: number): Promise<SendRow | null> {
  return db
    .prepare(
      `UPDATE sends SET state = 'claimed', claim_token = ?, lease_until_ms = ?, attempts = attempts + 1, updated_at = ?
       WHERE occurrence = ? AND (state = 'queued' OR (state = 'claimed' AND lease_until_ms <= ?)) RETURNING *`,
    )
    .bind(token, now + LEASE_MS, iso(now), occurrence, now)
    .first<SendRow>();
}

/** Takes a `sending` occurrence whose owner's lease ran out (it crashed, or its provider call failed and it let go). */
export async function claimSending(
  db: D1Database,
  occurrence: string,
  token: string,
  now: number,
): Promise<SendRow | null> {
  return db
    .prepare(
      `UPDATE sends SET claim_token = ?, lease_until_ms = ?, attempts = attempts + 1, updated_at = ?
       WHERE occurrence = ? AND state = 'sending' AND lease_until_ms <= ? RETURNING *`,
    )
    .bind(token, now + LEASE_MS, iso(now), occurrence, now)
    .first<SendRow>();
}

/** Stores the rendered email and marks the provider call as under way; false when the claim was lost. */
export async function markSending(
  db: D1Database,
  occurrence: string,
  token: string,
  fields: { provider: string; subject: string | null; payload: string; snapshot: string | null },
  now: number,
): Promise<boolean> {
  const r = await db
    .prepare(
      `UPDATE sends SET state = 'sending', in_flight = 1, provider = ?, subject = coalesce(?, subject),
         payload = ?, snapshot = coalesce(?, snapshot), updated_at = ?
       WHERE occurrence = ? AND claim_token = ? AND state IN ('claimed', 'sending')`,
    )
    .bind(fields.provider, fields.subject, fields.payload, fields.snapshot, iso(now), occurrence, token)
    .run();
  return r.meta.changes === 1;
}

/**
 * Records a send that the provider accepted, and what it showed (for the
 * next digest's changes) in the same batch. Unconditional on the claim: a
 * send that happened is recorded whoever owns the row now.
 */
export async function markSent(
  db: D1Database,
  row: Pick<SendRow, "occurrence" | "recipient" | "local_date">,
  providerId: string,
  snapshot: string | null,
  now: number,
): Promise<void> {
  const statements = [
    db
      .prepare(
        `UPDATE sends SET state = 'sent', provider_id = ?, sent_at = ?, in_flight = 0, lease_until_ms = 0,
           payload = NULL, snapshot = NULL, error_code = NULL, error_detail = NULL, updated_at = ?
         WHERE occurrence = ? AND state != 'sent'`,
      )
      .bind(providerId, iso(now), iso(now), row.occurrence),
  ];
  if (snapshot !== null) {
    statements.push(
      db
        .prepare(
          `INSERT INTO recipient_state (recipient, digest_date, snapshot, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (recipient) DO UPDATE SET digest_date = excluded.digest_date, snapshot = excluded.snapshot,
             updated_at = excluded.updated_at WHERE excluded.digest_date >= recipient_state.digest_date`,
        )
        .bind(row.recipient, row.local_date, snapshot, iso(now)),
    );
  }
  await db.batch(statements);
}

/**
 * Gives the occurrence back after a failure that may pass. A row whose email
 * was rendered stays `sending` (a retry sends the stored message again);
 * one that was still being built goes back to `queued`.
 */
export async function markRetry(
  db: D1Database,
  occurrence: string,
  token: string,
  error: { code: string; detail?: string },
  nextAttemptMs: number,
  now: number,
): Promise<void> {
  await db
    .prepare(
      `UPDATE sends SET state = CASE state WHEN 'sending' THEN 'sending' ELSE 'queued' END, lease_until_ms = 0,
         in_flight = 0, next_attempt_ms = ?, error_code = ?, error_detail = ?, updated_at = ?
       WHERE occurrence = ? AND claim_token = ?`,
    )
    .bind(nextAttemptMs, error.code, detail(error.detail), iso(now), occurrence, token)
    .run();
}

/** A final state that is not a send: skipped (nothing due, unsubscribed) or failed (permanent, for the operator). */
export async function markFinal(
  db: D1Database,
  occurrence: string,
  state: "skipped" | "failed",
  error: { code: string; detail?: string },
  now: number,
  subject: string | null = null,
): Promise<void> {
  await db
    .prepare(
      `UPDATE sends SET state = ?, error_code = ?, error_detail = ?, subject = coalesce(?, subject), in_flight = 0,
         lease_until_ms = 0, payload = NULL, snapshot = NULL, updated_at = ?
       WHERE occurrence = ? AND state NOT IN ('sent', 'skipped', 'failed')`,
    )
    .bind(state, error.code, detail(error.detail), subject, iso(now), occurrence)
    .run();
}

/** The ledger for an operator, newest first; never the stored email itself. */
export async function listSends(db: D1Database, opts: { date?: string; limit: number }) {
  const where = opts.date ? "WHERE local_date = ?" : "";
  const stmt = db.prepare(
    `SELECT occurrence, recipient, local_date AS date, state, attempts, provider, provider_id AS providerId,
       subject, error_code AS errorCode, error_detail AS errorDetail, created_at AS createdAt,
       updated_at AS updatedAt, sent_at AS sentAt
     FROM sends ${where} ORDER BY local_date DESC, due_at_ms DESC, recipient LIMIT ?`,
  );
  const { results } = await (opts.date ? stmt.bind(opts.date, opts.limit) : stmt.bind(opts.limit)).all();
  return results;
}
