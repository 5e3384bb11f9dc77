import { describe, expect, it } from "vitest";
import { buildDigest, type Digest, weekEndOf } from "../../workers/escrow-digest/src/content/build-digest";
import { milestonesOf } from "../../workers/escrow-digest/src/content/milestones";
import { type Snapshot, snapshotOf } from "../../workers/escrow-digest/src/content/snapshot";
import { escrow, escrowUrl, recipient } from "./fixtures";

const DATE = "2026-07-01"; // a Wednesday

const pendingAll = [
  { type: "inspection", due_date: null, status: "pending" },
  { type: "appraisal", due_date: null, status: "pending" },
  { type: "loan", due_date: null, status: "pending" },
];
const a = escrow({
  acceptance_date: "2026-06-20",
  emd_date: "2026-06-23",
  physical_inspection_date: "2026-06-27",
  inspection_contingency_removal_date: "2026-07-07",
  appraisal_contingency_removal_date: "2026-07-07",
  loan_contingency_removal_date: "2026-07-11",
  closing_date: "2026-07-20",
  contingencies: pendingAll,
});
const b = escrow({ acceptance_date: "2026-06-14", escrow_status: "active" });
const c = escrow({
  closing_date: "2026-07-02",
  loan_contingency_removal_date: "2026-06-28",
  contingencies: [{ type: "loan", due_date: "2026-06-28", status: "pending" }],
});
const d = escrow({ closing_date: "2026-06-30", escrow_status: "pending" });
const e = escrow({ closing_date: "2026-08-30" });
const timelineE = [
  { label: "Close of Escrow", date: "2026-08-30", completed: false },
  { label: "Final walk-through", date: "2026-07-03", completed: false },
  { label: "Termite report", date: "2026-06-29", completed: false },
  { label: "Repairs done", date: "2026-06-25", completed: true },
];

function digestOf(previous: Snapshot | null = null, gone = new Map()): Digest {
  return buildDigest({
    recipient: recipient(),
    date: DATE,
    escrows: [a, b, c, d, e],
    timelines: new Map([[e.id, timelineE]]),
    previous,
    gone,
    escrowUrl,
  });
}

const summary = (items: Digest["closings"]) =>
  items.map((i) => `${i.escrow.displayId} ${i.label} ${i.date}${i.derived ? " derived" : ""}`);

describe("the digest's content", () => {
  it("ends the week on Sunday", () => {
    expect(weekEndOf("2026-07-01")).toBe("2026-07-05");
    expect(weekEndOf("2026-07-05")).toBe("2026-07-05");
    expect(weekEndOf("2026-07-06")).toBe("2026-07-12");
  });

  it("sorts milestones into urgency buckets against the recipient's date", () => {
    const g = digestOf();
    expect(summary(g.buckets.overdue)).toEqual([
      `${c.display_id} Loan Contingency 2026-06-28`,
      `${e.display_id} Termite report 2026-06-29`,
      `${d.display_id} Close of Escrow 2026-06-30`,
    ]);
    expect(summary(g.buckets.today)).toEqual([
      `${b.display_id} Appraisal Contingency 2026-07-01 derived`,
      `${b.display_id} Inspection Contingency 2026-07-01 derived`,
    ]);
    expect(summary(g.buckets.tomorrow)).toEqual([]);
    expect(summary(g.buckets.thisWeek)).toEqual([
      `${e.display_id} Final walk-through 2026-07-03`,
      `${b.display_id} Loan Contingency 2026-07-05 derived`,
    ]);
    expect(summary(g.buckets.nextWeek)).toEqual([
      `${a.display_id} Appraisal Contingency 2026-07-07`,
      `${a.display_id} Inspection Contingency 2026-07-07`,
      `${a.display_id} Loan Contingency 2026-07-11`,
    ]);
    expect(summary(g.closings)).toEqual([`${c.display_id} Close of Escrow 2026-07-02`]);
    expect(g.buckets.overdue.map((i) => i.inDays)).toEqual([-3, -2, -1]);
    expect(g.subject).toBe("3 deadlines overdue · 2 deadlines today · 1 closing this week");
    expect(g.nothingDue).toBe(false);
  });

  it("derives only missing dates, from acceptance_date, with the documented 17/17/21/30 days", () => {
    const derived = milestonesOf(escrow({ acceptance_date: "2026-06-01" }));
    expect(derived.map((m) => `${m.label} ${m.date} ${m.derived}`)).toEqual([
      "Inspection Contingency 2026-06-18 true",
      "Appraisal Contingency 2026-06-18 true",
      "Loan Contingency 2026-06-22 true",
      "Close of Escrow 2026-07-01 true",
    ]);
    const given = milestonesOf(escrow({ acceptance_date: "2026-06-01", loan_contingency_removal_date: "2026-06-25" }));
    expect(given.find((m) => m.label === "Loan Contingency")).toMatchObject({ date: "2026-06-25", derived: false });
    expect(milestonesOf(escrow())).toEqual([]);
  });

  it("calls a past date overdue only when it is known to be outstanding", () => {
    const satisfied = escrow({
      loan_contingency_removal_date: "2026-06-28",
      contingencies: [{ type: "loan", due_date: "2026-06-28", status: "satisfied" }],
      closing_date: "2026-06-29",
      actual_coe_date: "2026-06-29",
    });
    const closed = escrow({ closing_date: "2026-06-29", escrow_status: "closed" });
    const g = buildDigest({
      recipient: recipient(),
      date: DATE,
      escrows: [satisfied, closed],
      timelines: new Map(),
      previous: null,
      gone: new Map(),
      escrowUrl,
    });
    expect(g.buckets.overdue).toEqual([]);
    expect(g.nothingDue).toBe(true);
  });

  it("reports new, status-changed, closed, cancelled and vanished escrows since the previous digest", () => {
    const x = escrow({ escrow_status: "closed" });
    const y = escrow({ escrow_status: "cancelled" });
    const previous: Snapshot = {
      ...snapshotOf([a]),
      [b.id]: { d: b.display_id, a: b.property_address, s: "pending" },
      [x.id]: { d: x.display_id, a: x.property_address, s: "active" },
      [y.id]: { d: y.display_id, a: y.property_address, s: "pending" },
      "gone-id": { d: "ESC-2026-0999", a: "9 Gone Rd", s: "active" },
    };
    const g = digestOf(
      previous,
      new Map([
        [x.id, x],
        [y.id, y],
        ["gone-id", null],
      ]),
    );
    expect(g.firstDigest).toBe(false);
    expect(g.changes.map((ch) => `${ch.kind} ${ch.displayId} ${ch.from ?? ""}>${ch.to ?? ""}`)).toEqual([
      `status ${b.display_id} pending>active`,
      `new ${c.display_id} >active`,
      `new ${d.display_id} >pending`,
      `new ${e.display_id} >active`,
      `closed ${x.display_id} active>closed`,
      `cancelled ${y.display_id} pending>cancelled`,
      "removed ESC-2026-0999 active>",
    ]);
    expect(Object.keys(g.snapshot).sort()).toEqual([a.id, b.id, c.id, d.id, e.id].sort());
    expect(digestOf().changes).toEqual([]);
  });

  it("is empty with nothing due, and says all clear in the subject", () => {
    const far = escrow({ closing_date: "2026-09-30" });
    const g = buildDigest({
      recipient: recipient(),
      date: DATE,
      escrows: [far],
      timelines: new Map(),
      previous: snapshotOf([far]),
      gone: new Map(),
      escrowUrl,
    });
    expect(g.nothingDue).toBe(true);
    expect(g.subject).toBe("All clear: no escrow deadlines through Sun, Jul 12");
  });

  it("says tomorrow and next week in the subject when nothing is more urgent", () => {
    const soon = escrow({ physical_inspection_date: "2026-07-02", closing_date: "2026-07-09" });
    const g = buildDigest({
      recipient: recipient(),
      date: DATE,
      escrows: [soon],
      timelines: new Map(),
      previous: null,
      gone: new Map(),
      escrowUrl,
    });
    expect(g.subject).toBe("1 deadline tomorrow · 1 next week");
  });
});
