import type { Escrow, TimelineEntry } from "@actuallycare/shared/client/groups/escrows";
import type { Recipient } from "../config/recipients";
import { addDays, daysBetween, weekdayOf } from "../schedule/zoned-time";
import { type Milestone, milestonesOf } from "./milestones";
import { changesSince, type EscrowChange, type Snapshot, snapshotOf } from "./snapshot";
import { subjectOf } from "./subject";

/** An escrow as the email names it. */
export interface EscrowRef {
  id: string;
  displayId: string;
  address: string;
  status: string;
  url: string;
}

export interface DigestItem extends Milestone {
  escrow: EscrowRef;
  /** Days from the digest's date to the milestone (negative when overdue). */
  inDays: number;
}

export const BUCKETS = ["overdue", "today", "tomorrow", "thisWeek", "nextWeek"] as const;
export type Bucket = (typeof BUCKETS)[number];

/** Everything one email says, before rendering: a pure function of the data. */
export interface Digest {
  recipient: Pick<Recipient, "email" | "name" | "timeZone">;
  date: string;
  /** The Sunday ending the digest's week, and the one ending next week. */
  weekEnd: string;
  nextWeekEnd: string;
  buckets: Record<Bucket, DigestItem[]>;
  /** Closings from today to the end of next week (an overdue closing is in `buckets.overdue`). */
  closings: DigestItem[];
  changes: EscrowChange[];
  firstDigest: boolean;
  /** No deadline, closing or change: the recipient's `whenNothingDue` rule applies. */
  nothingDue: boolean;
  subject: string;
  /** What this digest shows, for the next one's "changes since". */
  snapshot: Snapshot;
}

export interface DigestInput {
  recipient: Recipient;
  /** The recipient's local date the digest is for. */
  date: string;
  /** The escrows this recipient sees (already filtered). */
  escrows: readonly Escrow[];
  timelines: ReadonlyMap<string, readonly TimelineEntry[]>;
  previous: Snapshot | null;
  gone: ReadonlyMap<string, Escrow | null>;
  escrowUrl: (displayId: string) => string;
}

/** The Sunday that ends the (Monday-to-Sunday) week of `date`. */
export function weekEndOf(date: string): string {
  return addDays(date, (7 - weekdayOf(date)) % 7);
}

function bucketOf(item: DigestItem, d: { weekEnd: string; nextWeekEnd: string; date: string }): Bucket | null {
  if (item.inDays < 0) return item.open ? "overdue" : null;
  if (item.inDays === 0) return "today";
  if (item.inDays === 1) return "tomorrow";
  if (item.date <= d.weekEnd) return "thisWeek";
  if (item.date <= d.nextWeekEnd) return "nextWeek";
  return null;
}

const byDate = (a: DigestItem, b: DigestItem) =>
  a.date.localeCompare(b.date) ||
  a.escrow.displayId.localeCompare(b.escrow.displayId) ||
  a.label.localeCompare(b.label);

/** Builds one recipient's digest for one local date. */
export function buildDigest(input: DigestInput): Digest {
  const { date } = input;
  const weekEnd = weekEndOf(date);
  const nextWeekEnd = addDays(weekEnd, 7);
  const buckets: Record<Bucket, DigestItem[]> = { overdue: [], today: [], tomorrow: [], thisWeek: [], nextWeek: [] };
  const closings: DigestItem[] = [];
  for (const escrow of input.escrows) {
    const ref: EscrowRef = {
      id: escrow.id,
      displayId: escrow.display_id,
      address: escrow.property_address,
      status: String(escrow.escrow_status).toLowerCase(),
      url: input.escrowUrl(escrow.display_id),
    };
    for (const m of milestonesOf(escrow, input.timelines.get(escrow.id))) {
      const item: DigestItem = { ...m, escrow: ref, inDays: daysBetween(date, m.date) };
      const bucket = bucketOf(item, { date, weekEnd, nextWeekEnd });
      if (!bucket) continue;
      if (item.closing && bucket !== "overdue") closings.push(item);
      else buckets[bucket].push(item);
    }
  }
  for (const b of BUCKETS) buckets[b].sort(byDate);
  closings.sort(byDate);
  const changes = changesSince(input.previous, input.escrows, input.gone);
  const nothingDue = BUCKETS.every((b) => buckets[b].length === 0) && closings.length === 0 && changes.length === 0;
  const digest: Omit<Digest, "subject"> = {
    recipient: { email: input.recipient.email, name: input.recipient.name, timeZone: input.recipient.timeZone },
    date,
    weekEnd,
    nextWeekEnd,
    buckets,
    closings,
    changes,
    firstDigest: input.previous === null,
    nothingDue,
    snapshot: snapshotOf(input.escrows),
  };
  return { ...digest, subject: subjectOf(digest) };
}
