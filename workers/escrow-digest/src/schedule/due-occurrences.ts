import { type Recipient, WEEKDAYS } from "../config/recipients";
import { addDays, instantAt, localDate, weekdayOf } from "./zoned-time";

/** One digest to send: a recipient on a local date, due at an instant. */
export interface Occurrence {
  recipient: Recipient;
  /** The recipient's local date, `YYYY-MM-DD`. */
  date: string;
  /** When the recipient's local send time falls on that date (epoch ms). */
  dueAt: number;
}

/** Whether the recipient's cadence has a digest on this local date. */
export function cadenceAllows(cadence: string, date: string): boolean {
  const day = weekdayOf(date);
  if (cadence === "daily") return true;
  if (cadence === "weekdays") return day >= 1 && day <= 5;
  return cadence === `weekly:${WEEKDAYS[day]}`;
}

/**
 * The digests whose local send time fell in the window `(from, to]` (epoch
 * ms), oldest first. A local date contributes at most one instant (DST gaps
 * and folds are resolved by `instantAt`), so consecutive windows never yield
 * the same occurrence twice and never miss one.
 */
export function dueOccurrences(recipients: readonly Recipient[], from: number, to: number): Occurrence[] {
  const due: Occurrence[] = [];
  for (const recipient of recipients) {
    const first = localDate(from, recipient.timeZone);
    const last = localDate(to, recipient.timeZone);
    for (let date = first; date <= last; date = addDays(date, 1)) {
      if (!cadenceAllows(recipient.cadence, date)) continue;
      const dueAt = instantAt(date, recipient.sendAt, recipient.timeZone);
      if (dueAt > from && dueAt <= to) due.push({ recipient, date, dueAt });
    }
  }
  return due.sort((a, b) => a.dueAt - b.dueAt || a.recipient.email.localeCompare(b.recipient.email));
}
