import type { EventSpec } from "../event-log/catalog";
import type { LogRow } from "../event-log/read";

/** A trigger item: the flattened event data, the record id as `record_id`, and a stable `id`. */
export type TriggerItem = Record<string, string | number | null>;

/**
 * The item id: the record id for events that happen once per record; for repeatable ones the record id plus the
 * change's time, so id-only dedupe (Zapier's) fires on every change and never twice for one (one change is one log
 * row: see `changeKey`).
 */
export function itemId(spec: EventSpec, recordId: string, occurredAtMs: number): string {
  return spec.kind === "once" ? recordId : `${recordId}:${occurredAtMs}`;
}

export function toItem(spec: EventSpec, row: LogRow): TriggerItem {
  const data = JSON.parse(row.data) as Record<string, unknown>;
  const item: TriggerItem = {
    id: itemId(spec, row.record_id, row.occurred_at_ms),
    cursor: String(row.cursor),
    event: spec.event,
    occurred_at: new Date(row.occurred_at_ms).toISOString(),
    record_id: row.record_id,
  };
  // Straight into the item, the record's own `id` left out (it is `record_id`): this runs for every item of every
  // poll, and building a flat copy first was most of a poll's time outside D1 (BENCHMARKS.md).
  flattenInto(item, data, "", "id");
  return item;
}

/**
 * Nested objects become `parent__child` keys and arrays JSON text, so every value is a scalar the no-code tools can
 * map (the catalog's fields are flat today; a field the API adds later must not break a Zap).
 */
export function flatten(value: Record<string, unknown>, prefix = ""): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  flattenInto(out, value, prefix, null);
  return out;
}

function flattenInto(
  out: Record<string, string | number | null>,
  value: Record<string, unknown>,
  prefix: string,
  skip: string | null,
): void {
  for (const k of Object.keys(value)) {
    if (k === skip) continue;
    const v = value[k];
    const key = prefix ? `${prefix}__${k}` : k;
    if (v !== null && typeof v === "object") {
      if (Array.isArray(v)) out[key] = JSON.stringify(v);
      else flattenInto(out, v as Record<string, unknown>, key, null);
    } else if (typeof v === "boolean") out[key] = v ? "true" : "false";
    else out[key] = typeof v === "string" || typeof v === "number" ? v : null;
  }
}
