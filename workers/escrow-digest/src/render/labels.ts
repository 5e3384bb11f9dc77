import type { Bucket, DigestItem } from "../content/build-digest";
import type { EscrowChange } from "../content/snapshot";
import { shortDate } from "../content/subject";
import { plainText } from "./escape";

/** Section titles, in the order the email shows them. */
export const BUCKET_TITLES: Record<Bucket, string> = {
  overdue: "Overdue",
  today: "Due today",
  tomorrow: "Due tomorrow",
  thisWeek: "Later this week",
  nextWeek: "Next week",
};

export const DERIVED_NOTE =
  "Dates marked “derived” are not on the escrow: they are computed from its acceptance date with the usual contingency periods (inspection and appraisal 17 days, loan 21, closing 30).";

/** "Tue, Jul 7 (in 6 days)", "Mon, Jun 29 (2 days late)". */
export function whenText(item: DigestItem): string {
  const day = shortDate(item.date);
  if (item.inDays === 0) return `${day} (today)`;
  if (item.inDays === 1) return `${day} (tomorrow)`;
  if (item.inDays < 0) return `${day} (${-item.inDays} day${item.inDays === -1 ? "" : "s"} late)`;
  return `${day} (in ${item.inDays} days)`;
}

/** One change, in words; CRM values made plain (the HTML renderer escapes the result again). */
export function changeText(c: EscrowChange): string {
  const what = `${plainText(c.displayId)}, ${plainText(c.address)}`;
  switch (c.kind) {
    case "new":
      return `New: ${what} (${plainText(c.to)})`;
    case "status":
      return `Status changed: ${what}, ${plainText(c.from)} → ${plainText(c.to)}`;
    case "closed":
      return `Closed: ${what}`;
    case "cancelled":
      return `Cancelled: ${what}`;
    default:
      return `No longer listed: ${what} (archived, deleted or filtered out)`;
  }
}
