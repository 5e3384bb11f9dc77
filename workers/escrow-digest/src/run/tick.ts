import type { Recipient } from "../config/recipients";
import { ensureQueued } from "../ledger/sends-ledger";
import { dueOccurrences } from "../schedule/due-occurrences";
import { occurrenceKey } from "../schedule/occurrence-key";
import type { Enqueued } from "./digest-message";

/**
 * How far back each tick looks for send times: a skipped or failed tick, a
 * crash before anything was recorded, or a deploy during the window never
 * costs a digest (the ledger keeps it to one per date), it only makes it late.
 */
export const CATCH_UP_MS = 6 * 3_600_000;
/** Messages are spread over this much of the 15-minute cron interval, in groups of one consumer batch. */
export const SPREAD_SECONDS = 12 * 60;
export const GROUP_SIZE = 25;
/**
 * An unfinished occurrence untouched this long after its message was due is enqueued again (a lost message,
 * a crashed consumer): longer than one cron interval, so a normally busy queue never sees duplicates.
 */
export const STALE_AFTER_MS = 20 * 60_000;

export interface TickDeps {
  db: D1Database;
  recipients: readonly Recipient[];
  enqueue: (messages: Enqueued[]) => Promise<void>;
  now: number;
}

/**
 * One cron tick: every occurrence whose local send time fell in the last
 * `CATCH_UP_MS` up to `scheduledTime`, recorded in the ledger once and
 * enqueued once (again only when it looks abandoned). A duplicate or
 * overlapping tick finds the rows and enqueues nothing.
 */
export async function runTick(deps: TickDeps, scheduledTime: number): Promise<Enqueued[]> {
  const due = dueOccurrences(deps.recipients, scheduledTime - CATCH_UP_MS, scheduledTime);
  const picked: Array<{ occurrence: string; recipient: string; date: string; dueAt: number }> = [];
  for (const o of due) {
    picked.push({
      occurrence: await occurrenceKey(o.recipient.email, o.date),
      recipient: o.recipient.email,
      date: o.date,
      dueAt: o.dueAt,
    });
  }
  const groups = Math.max(1, Math.ceil(picked.length / GROUP_SIZE));
  const messages: Enqueued[] = [];
  for (const [i, o] of picked.entries()) {
    const delaySeconds = Math.floor(i / GROUP_SIZE) * Math.floor(SPREAD_SECONDS / groups);
    const status = await ensureQueued(deps.db, o, deps.now, deps.now + delaySeconds * 1000 + STALE_AFTER_MS);
    if (status === "new" || status === "stale") {
      messages.push({ body: { occurrence: o.occurrence, recipient: o.recipient, date: o.date }, delaySeconds });
    }
  }
  if (messages.length > 0) await deps.enqueue(messages);
  return messages;
}
