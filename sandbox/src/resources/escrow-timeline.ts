import type { Escrow, TimelineEntry } from "./escrow-record";

/** Midnight UTC of a `YYYY-MM-DD` date, in ms. */
const startOf = (date: string) => Date.parse(`${date}T00:00:00.000Z`);

/** A date counts as passed once its day has begun (UTC), as the older backend compared `new Date(date) < now`. */
const passed = (date: string | null, nowMs: number) => date !== null && startOf(date) < nowMs;

/**
 * The escrow's timeline (spec §2.7): the nine rows in their fixed order, each
 * kept only when it has a date. Rows 4 and 9 are completed only by their
 * "actual" date (appraisal completed, actual COE) having passed, not by the
 * planned one. A custom timeline stored on the record wins, returned unchanged.
 */
export function escrowTimeline(e: Escrow, nowMs: number): TimelineEntry[] {
  if (Array.isArray(e.timeline)) return e.timeline;
  const rows: Array<{ label: string; date: string | null; completed?: boolean }> = [
    { label: "Acceptance", date: e.acceptance_date },
    { label: "EMD Deposited", date: e.emd_date },
    { label: "Home Inspection", date: e.physical_inspection_date },
    {
      label: "Appraisal",
      date: e.appraisal_completed_date ?? e.appraisal_ordered_date,
      completed: passed(e.appraisal_completed_date, nowMs),
    },
    { label: "Inspection Contingency", date: e.inspection_contingency_removal_date },
    { label: "Appraisal Contingency", date: e.appraisal_contingency_removal_date },
    { label: "Loan Contingency", date: e.loan_contingency_removal_date },
    { label: "All Contingencies Removed", date: e.all_contingencies_removal_date },
    {
      label: "Close of Escrow",
      date: e.closing_date ?? e.actual_coe_date,
      completed: passed(e.actual_coe_date, nowMs),
    },
  ];
  return rows
    .filter((r): r is { label: string; date: string; completed?: boolean } => r.date !== null)
    .map((r) => ({ label: r.label, date: r.date, completed: r.completed ?? passed(r.date, nowMs) }));
}
