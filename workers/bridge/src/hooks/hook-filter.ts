import * as z from "@actuallycare/shared/zod";
import type { EventSpec } from "../event-log/catalog";

const scalar = z.union([z.string().check(z.maxLength(200)), z.number(), z.boolean(), z.null()]);
const condition = z.union([
  z.strictObject({ equals: scalar }),
  z.strictObject({ one_of: z.array(scalar).check(z.minLength(1), z.maxLength(50)) }),
]);

/**
 * A hook's server-side filter: every condition must hold. `fields` compares the item's fields (the event's catalog
 * fields: `status`, `source`...); `closing_within_days` (escrow events) keeps escrows whose scheduled close of escrow
 * is between today and N days ahead.
 */
export const hookFilterSchema = z.strictObject({
  fields: z.optional(z.record(z.string().check(z.regex(/^[a-z_]{1,40}$/)), condition)),
  closing_within_days: z.optional(
    z.number().check(z.minimum(0), z.maximum(365), z.refine(Number.isInteger, "Expected whole days")),
  ),
});
export type HookFilter = z.infer<typeof hookFilterSchema>;

/** Problems with a filter for this event, as `{field, message}` (a field the event does not carry, a misplaced date). */
export function filterProblems(spec: EventSpec, filter: HookFilter): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  for (const name of Object.keys(filter.fields ?? {})) {
    if (!(name in spec.fields)) {
      problems.push({ field: `filter.fields.${name}`, message: `${spec.event} items have no field ${name}` });
    }
  }
  if (filter.closing_within_days !== undefined && spec.resource !== "escrow") {
    problems.push({ field: "filter.closing_within_days", message: "Only escrow events have a closing date" });
  }
  return problems;
}

/** Whether an item's fields pass the filter's field conditions (text compares without regard to case). */
export function fieldsMatch(filter: HookFilter, data: Record<string, unknown>): boolean {
  for (const [name, cond] of Object.entries(filter.fields ?? {})) {
    const value = data[name];
    const allowed = "equals" in cond ? [cond.equals] : cond.one_of;
    if (!allowed.some((a) => same(a, value))) return false;
  }
  return true;
}

const same = (a: unknown, b: unknown) =>
  typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;

/** Whether a `YYYY-MM-DD` closing date is between today and `days` ahead (UTC dates, by the worker's clock). */
export function closesWithin(closingDate: string | null | undefined, days: number, nowMs: number): boolean {
  if (!closingDate || !/^\d{4}-\d{2}-\d{2}/.test(closingDate)) return false;
  const close = Date.parse(`${closingDate.slice(0, 10)}T00:00:00Z`);
  const today = Date.parse(`${new Date(nowMs).toISOString().slice(0, 10)}T00:00:00Z`);
  return close >= today && close <= today + days * 86_400_000;
}
