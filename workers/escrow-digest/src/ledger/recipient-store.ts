import type { Snapshot } from "../content/snapshot";

/** The snapshot of the recipient's latest digest sent before `date`; null before the first one. */
export async function previousSnapshot(db: D1Database, recipient: string, date: string): Promise<Snapshot | null> {
  const row = await db
    .prepare("SELECT snapshot FROM recipient_state WHERE recipient = ? AND digest_date < ?")
    .bind(recipient.toLowerCase(), date)
    .first<{ snapshot: string }>();
  return row ? (JSON.parse(row.snapshot) as Snapshot) : null;
}

export async function isUnsubscribed(db: D1Database, recipient: string): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS x FROM unsubscribes WHERE recipient = ?")
    .bind(recipient.toLowerCase())
    .first();
  return row !== null;
}

/** Records the unsubscribe; false when the address was already unsubscribed (the POST acts once). */
export async function unsubscribe(db: D1Database, recipient: string, now: number): Promise<boolean> {
  const r = await db
    .prepare("INSERT INTO unsubscribes (recipient, unsubscribed_at) VALUES (?, ?) ON CONFLICT (recipient) DO NOTHING")
    .bind(recipient.toLowerCase(), new Date(now).toISOString())
    .run();
  return r.meta.changes === 1;
}
