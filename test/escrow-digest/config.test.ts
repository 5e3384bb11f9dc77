import { describe, expect, it } from "vitest";
import { parseRecipients } from "../../workers/escrow-digest/src/config/recipients";

const base = { email: "jordan.lee@example.com", name: "Jordan Lee", timeZone: "America/Los_Angeles" };
const parse = (v: unknown) => parseRecipients(JSON.stringify(v));

describe("RECIPIENTS", () => {
  it("fills the documented defaults", () => {
    expect(parse([base])).toEqual([
      {
        ...base,
        sendAt: "07:00",
        cadence: "weekdays",
        escrows: { status: ["active", "pending"] },
        whenNothingDue: "skip",
      },
    ]);
  });

  it("accepts every cadence and field filters", () => {
    const [r] = parse([
      {
        ...base,
        cadence: "weekly:friday",
        sendAt: "23:59",
        escrows: { status: ["active"], match: { representation_type: ["buyer", "dual"], city: "Tehachapi" } },
        whenNothingDue: "all-clear",
      },
    ]);
    expect(r?.cadence).toBe("weekly:friday");
    expect(r?.escrows.match).toEqual({ representation_type: ["buyer", "dual"], city: "Tehachapi" });
  });

  it("names every problem: zone, time, cadence, email, rule, filter field", () => {
    const bad = () =>
      parse([
        {
          email: "not-an-email",
          name: "",
          timeZone: "Mars/Olympus_Mons",
          sendAt: "7am",
          cadence: "fortnightly",
          whenNothingDue: "maybe",
          escrows: { status: [], match: { "Bad Field": "x" } },
        },
      ]);
    expect(bad).toThrow(/0\.email/);
    for (const path of [
      "0.name",
      "0.timeZone",
      "0.sendAt",
      "0.cadence",
      "0.whenNothingDue",
      "0.escrows.status",
      "0.escrows.match",
    ]) {
      expect(bad, path).toThrow(new RegExp(path.replace(/\./g, "\\.")));
    }
    expect(bad).toThrow(/IANA time zone/);
  });

  it("refuses an offset or an abbreviation as a zone, duplicates, no recipients and bad JSON", () => {
    expect(() => parse([{ ...base, timeZone: "PST" }])).toThrow(/timeZone/);
    expect(() => parse([{ ...base, timeZone: "+02:00" }])).toThrow(/timeZone/);
    expect(() => parse([base, { ...base, email: "JORDAN.LEE@example.com" }])).toThrow(/unique/);
    expect(() => parse([])).toThrow(/RECIPIENTS/);
    expect(() => parseRecipients("[{")).toThrow("RECIPIENTS is not valid JSON");
  });
});
