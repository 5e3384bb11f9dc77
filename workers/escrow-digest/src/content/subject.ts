import type { Digest } from "./build-digest";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** `Wed, Jul 1`, for a calendar date (no zone: the date is already the recipient's). */
export function shortDate(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString("en-US", {
    weekday: "short",
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });
}

/**
 * The most urgent facts first, at most three, e.g. "1 overdue · 2 deadlines
 * today · 1 closing this week"; a day with nothing due says so.
 */
export function subjectOf(d: Omit<Digest, "subject">): string {
  const facts: string[] = [];
  const { overdue, today, tomorrow, thisWeek, nextWeek } = d.buckets;
  const closingsThisWeek = d.closings.filter((c) => c.date <= d.weekEnd).length;
  if (overdue.length) facts.push(`${plural(overdue.length, "deadline", "deadlines")} overdue`);
  if (today.length) facts.push(`${plural(today.length, "deadline", "deadlines")} today`);
  if (closingsThisWeek) facts.push(`${plural(closingsThisWeek, "closing", "closings")} this week`);
  if (tomorrow.length) facts.push(`${plural(tomorrow.length, "deadline", "deadlines")} tomorrow`);
  if (thisWeek.length) facts.push(`${plural(thisWeek.length, "deadline", "deadlines")} later this week`);
  const nextWeekClosings = d.closings.length - closingsThisWeek;
  if (nextWeek.length || nextWeekClosings) facts.push(`${nextWeek.length + nextWeekClosings} next week`);
  if (d.changes.length) facts.push(plural(d.changes.length, "escrow change", "escrow changes"));
  if (facts.length === 0) return `All clear: no escrow deadlines through ${shortDate(d.nextWeekEnd)}`;
  return facts.slice(0, 3).join(" · ");
}
