import { describe, expect, it } from "vitest";
import { parseRecipients, type Recipient } from "../../workers/escrow-digest/src/config/recipients";
import { cadenceAllows, dueOccurrences } from "../../workers/escrow-digest/src/schedule/due-occurrences";
import { occurrenceKey } from "../../workers/escrow-digest/src/schedule/occurrence-key";
import { instantAt, localDate, offsetAt } from "../../workers/escrow-digest/src/schedule/zoned-time";

const iso = (ms: number) => new Date(ms).toISOString();
const at = (s: string) => Date.parse(s);
const QUARTER = 15 * 60_000;

function recipient(timeZone: string, sendAt: string, cadence = "daily"): Recipient {
  const [r] = parseRecipients(
    JSON.stringify([
      {
        email: `t${sendAt.replace(":", "")}@${timeZone.replace("/", ".").replace("_", "-").toLowerCase()}.test`,
        name: "R",
        timeZone,
        sendAt,
        cadence,
      },
    ]),
  );
  return r as Recipient;
}

/** Every 15-minute cron window from `start` for `days`, as the scheduled handler walks them. */
function walk(recipients: Recipient[], start: string, days: number) {
  const seen: string[] = [];
  for (let t = at(start); t < at(start) + days * 86_400_000; t += QUARTER) {
    for (const o of dueOccurrences(recipients, t, t + QUARTER))
      seen.push(`${o.recipient.email} ${o.date} ${iso(o.dueAt)}`);
  }
  return seen;
}

describe("zoned time", () => {
  it("reads local dates and offsets in the recipient's zone", () => {
    expect(localDate(at("2026-07-01T06:59:00Z"), "America/Los_Angeles")).toBe("2026-06-30");
    expect(localDate(at("2026-07-01T07:00:00Z"), "America/Los_Angeles")).toBe("2026-07-01");
    expect(localDate(at("2026-07-01T20:00:00Z"), "Asia/Kolkata")).toBe("2026-07-02");
    expect(offsetAt(at("2026-01-15T12:00:00Z"), "America/New_York")).toBe(-5 * 3_600_000);
    expect(offsetAt(at("2026-07-15T12:00:00Z"), "Asia/Kolkata")).toBe(5.5 * 3_600_000);
  });

  it("moves a time in the spring-forward gap to the same distance after the jump", () => {
    // Los Angeles, 2026-03-08: 02:00 PST becomes 03:00 PDT, so 02:30 never happens; it is read as 03:30 PDT.
    expect(iso(instantAt("2026-03-08", "02:30", "America/Los_Angeles"))).toBe("2026-03-08T10:30:00.000Z");
    expect(iso(instantAt("2026-03-08", "07:00", "America/Los_Angeles"))).toBe("2026-03-08T14:00:00.000Z");
    expect(iso(instantAt("2026-03-07", "07:00", "America/Los_Angeles"))).toBe("2026-03-07T15:00:00.000Z");
  });

  it("takes the earlier instant of a time the fall-back fold repeats", () => {
    // Los Angeles, 2026-11-01: 01:30 happens at 08:30Z (PDT) and again at 09:30Z (PST).
    expect(iso(instantAt("2026-11-01", "01:30", "America/Los_Angeles"))).toBe("2026-11-01T08:30:00.000Z");
    // London, 2026-10-25: 01:30 happens at 00:30Z (BST) and 01:30Z (GMT).
    expect(iso(instantAt("2026-10-25", "01:30", "Europe/London"))).toBe("2026-10-25T00:30:00.000Z");
  });
});

describe("which recipients are due in a window", () => {
  const zones = ["America/Los_Angeles", "America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "UTC"];
  const times = ["00:00", "01:30", "02:30", "07:00", "23:45"];
  const everyone = zones.flatMap((z) => times.map((t) => recipient(z, t)));

  for (const [name, start] of [
    ["the northern spring-forward week", "2026-03-05T00:00:00Z"],
    ["the southern and European autumn weeks", "2026-03-26T00:00:00Z"],
    ["the northern fall-back week", "2026-10-22T00:00:00Z"],
    ["the southern spring-forward week", "2026-10-01T00:00:00Z"],
  ] as const) {
    it(`gives every recipient exactly one digest per local date across ${name}`, () => {
      const seen = walk(everyone, start, 12);
      const perDate = new Map<string, number>();
      for (const line of seen) {
        const [email, date] = line.split(" ");
        perDate.set(`${email} ${date}`, (perDate.get(`${email} ${date}`) ?? 0) + 1);
      }
      expect([...perDate.values()].every((n) => n === 1)).toBe(true);
      // 10 full local days in the middle of the walk, for each recipient.
      for (const r of everyone) {
        const dates = [...perDate.keys()]
          .filter((k) => k.startsWith(`${r.email} `))
          .map((k) => k.split(" ")[1] as string);
        for (let d = 1; d <= 10; d++) {
          const day = new Date(at(start) + d * 86_400_000).toISOString().slice(0, 10);
          expect(dates, `${r.email} on ${day}`).toContain(day);
        }
      }
    });
  }

  it("sends a 02:30 digest once on the spring-forward day and a 01:30 one once on the fall-back day", () => {
    const gap = walk([recipient("America/Los_Angeles", "02:30")], "2026-03-08T00:00:00Z", 1);
    expect(gap.filter((l) => l.includes(" 2026-03-08 "))).toEqual([
      "t0230@america.los-angeles.test 2026-03-08 2026-03-08T10:30:00.000Z",
    ]);
    const fold = walk([recipient("America/Los_Angeles", "01:30")], "2026-11-01T00:00:00Z", 1);
    expect(fold.filter((l) => l.includes(" 2026-11-01 "))).toEqual([
      "t0130@america.los-angeles.test 2026-11-01 2026-11-01T08:30:00.000Z",
    ]);
  });

  it("includes the window's end and excludes its start", () => {
    const r = recipient("America/Los_Angeles", "07:00");
    const due = at("2026-07-01T14:00:00Z");
    expect(dueOccurrences([r], due - QUARTER, due)).toHaveLength(1);
    expect(dueOccurrences([r], due, due + QUARTER)).toHaveLength(0);
    // A wider look-back (a missed tick) still finds it, once per date.
    expect(dueOccurrences([r], due - 6 * 3_600_000, due + 3_600_000).map((o) => o.date)).toEqual(["2026-07-01"]);
  });

  it("follows the cadence in the recipient's own calendar", () => {
    expect(cadenceAllows("weekdays", "2026-07-03")).toBe(true); // Friday
    expect(cadenceAllows("weekdays", "2026-07-04")).toBe(false); // Saturday
    expect(cadenceAllows("weekly:monday", "2026-07-06")).toBe(true);
    expect(cadenceAllows("weekly:monday", "2026-07-07")).toBe(false);
    // Sydney's Monday 07:00 is Sunday 21:00 UTC: the weekday is the recipient's.
    const sydney = recipient("Australia/Sydney", "07:00", "weekly:monday");
    const week = walk([sydney], "2026-07-01T00:00:00Z", 14);
    expect(week).toEqual([
      "t0700@australia.sydney.test 2026-07-06 2026-07-05T21:00:00.000Z",
      "t0700@australia.sydney.test 2026-07-13 2026-07-12T21:00:00.000Z",
    ]);
  });
});

describe("occurrence keys", () => {
  it("are one per recipient and local date, case-insensitive in the address, with no address in them", async () => {
    const a = await occurrenceKey("Jordan.Lee@example.com", "2026-07-01");
    expect(a).toBe(await occurrenceKey("jordan.lee@example.com ", "2026-07-01"));
    expect(a).not.toBe(await occurrenceKey("jordan.lee@example.com", "2026-07-02"));
    expect(a).not.toBe(await occurrenceKey("maria.alvarez@example.com", "2026-07-01"));
    expect(a).toMatch(/^escrow-digest\/2026-07-01\/[0-9a-f]{32}$/);
    expect(a.length).toBeLessThanOrEqual(256);
  });
});
