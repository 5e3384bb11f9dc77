import type { Escrow, TimelineEntry } from "@actuallycare/shared/client/groups/escrows";
import { addDays } from "../schedule/zoned-time";

/** A dated step of an escrow that the digest may show. */
export interface Milestone {
  label: string;
  /** `YYYY-MM-DD`, a calendar date (judged against the recipient's local date). */
  date: string;
  /** Computed from `acceptance_date` with the documented defaults, because the escrow has no such date. */
  derived: boolean;
  /** Known to be still outstanding, so a past date is overdue (a pending contingency, an escrow not yet closed). */
  open: boolean;
  closing: boolean;
}

/** The contingency defaults of the deadline tool (spec §2.7): days after `acceptance_date`. */
export const DERIVED_DAYS = { inspection: 17, appraisal: 17, loan: 21, closing: 30 } as const;

/** The timeline's own labels (spec §2.7): rows with any other label are custom milestones. */
const STANDARD_LABELS = new Set([
  "Acceptance",
  "EMD Deposited",
  "Home Inspection",
  "Appraisal",
  "Inspection Contingency",
  "Appraisal Contingency",
  "Loan Contingency",
  "All Contingencies Removed",
  "Close of Escrow",
]);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateOf = (v: unknown): string | null =>
  typeof v === "string" && DATE.test(v.slice(0, 10)) ? v.slice(0, 10) : null;
const OPEN_STATUSES = new Set(["active", "pending"]);

/**
 * The milestones of one escrow: its key dates (the four contingency and
 * closing dates derived from `acceptance_date` when missing, and marked so),
 * other contingencies, and, when its timeline was fetched, the custom rows
 * of that timeline.
 */
export function milestonesOf(escrow: Escrow, timeline?: readonly TimelineEntry[]): Milestone[] {
  const out: Milestone[] = [];
  const acceptance = dateOf(escrow.acceptance_date);
  const contingencies = escrow.contingencies ?? [];
  const pending = (type: string) =>
    contingencies.some(
      (c) => String(c.type ?? "").toLowerCase() === type && String(c.status).toLowerCase() === "pending",
    );
  const dueOf = (type: string) =>
    dateOf(contingencies.find((c) => String(c.type ?? "").toLowerCase() === type)?.due_date);
  const stillOpen = OPEN_STATUSES.has(String(escrow.escrow_status).toLowerCase()) && !dateOf(escrow.actual_coe_date);

  const keyed = (label: string, value: unknown, derive: number | null, open: boolean, closing = false) => {
    const given = dateOf(value);
    if (given) return out.push({ label, date: given, derived: false, open, closing });
    if (derive !== null && acceptance)
      out.push({ label, date: addDays(acceptance, derive), derived: true, open, closing });
  };
  keyed("EMD Deposited", escrow.emd_date, null, false);
  keyed("Home Inspection", escrow.physical_inspection_date, null, false);
  for (const type of ["inspection", "appraisal", "loan"] as const) {
    const label = `${type[0]?.toUpperCase()}${type.slice(1)} Contingency`;
    const field = escrow[`${type}_contingency_removal_date`] ?? dueOf(type);
    keyed(label, field, DERIVED_DAYS[type], stillOpen && pending(type));
  }
  keyed("All Contingencies Removed", escrow.all_contingencies_removal_date, null, false);
  keyed("Close of Escrow", escrow.closing_date, DERIVED_DAYS.closing, stillOpen, true);

  for (const c of contingencies) {
    if (!c.type) continue;
    const type = c.type.toLowerCase();
    const date = dateOf(c.due_date);
    if (type === "inspection" || type === "appraisal" || type === "loan" || !date) continue;
    out.push({
      label: `${c.type} contingency`,
      date,
      derived: false,
      open: stillOpen && pending(type),
      closing: false,
    });
  }
  for (const row of timeline ?? []) {
    const date = dateOf(row.date);
    if (!date || STANDARD_LABELS.has(row.label)) continue;
    out.push({ label: row.label, date, derived: false, open: stillOpen && !row.completed, closing: false });
  }
  return out;
}

/** Whether any milestone of the escrow matters between `from` and `to` (inclusive), or is overdue before `from`. */
export function mattersBetween(milestones: readonly Milestone[], from: string, to: string): boolean {
  return milestones.some((m) => (m.date >= from && m.date <= to) || (m.date < from && m.open));
}
