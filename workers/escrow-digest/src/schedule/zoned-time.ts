/**
 * Wall-clock arithmetic in IANA time zones with nothing but `Intl` (no tz
 * database in the bundle). Local dates are `YYYY-MM-DD` strings; instants are
 * epoch milliseconds.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at `instant`, as if it were UTC (so the fields read back with getUTC*). */
function wallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The zone's offset from UTC at `instant`, in ms (negative west of Greenwich). */
export function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallClock(whole, timeZone) - whole;
}

/** The local calendar date at `instant` in `timeZone`. */
export function localDate(instant: number, timeZone: string): string {
  return new Date(wallClock(instant, timeZone)).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;
const dateMs = (date: string) => Date.parse(`${date}T00:00:00.000Z`);

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(dateMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dateMs(b) - dateMs(a)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday, of a calendar date (no zone involved). */
export function weekdayOf(date: string): number {
  return new Date(dateMs(date)).getUTCDay();
}

/**
 * The instant at which clocks in `timeZone` read `time` (`HH:MM`) on `date`.
 * Like Temporal's "compatible" disambiguation: in a spring-forward gap the
 * time is read with the offset from before the jump (02:30 that never happens
 * becomes 03:30 new time), and in a fall-back fold the earlier of the two
 * instants is taken, so each local date yields exactly one instant.
 */
export function instantAt(date: string, time: string, timeZone: string): number {
  const [h = 0, m = 0] = time.split(":").map(Number);
  const wall = dateMs(date) + (h * 60 + m) * 60_000;
  // At most one transition within a day either side in every real zone.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => wallClock(t, timeZone) === wall);
  if (candidates.length === 0) return wall - before;
  return Math.min(...candidates);
}
