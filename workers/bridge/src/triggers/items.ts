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

/** Shaped items by cursor, with the row they were made from; log rows never change, so a poll's rows mostly hit. */
const shaped = new Map<number, { row: LogRow; event: string; json: string }>();
/**
 * A row and its item text are a few KB for a real record (the benchmark's are ~0.5 KB), so this keeps at most a few
 * MB of the isolate's 128 MB: ten polls' worth of the newest 100 entries.
 */
const MAX_SHAPED = 1000;

/**
 * The JSON text of `rows` as items, what every poll answers. An item is a pure function of its event and row, so
 * the text made for a row is kept (by cursor, and used only while the row read is the same in every field) and
 * polls that read the same newest entries again do not parse, flatten and serialise them again.
 */
export function itemsJson(spec: EventSpec, rows: readonly LogRow[]): string {
  const parts: string[] = [];
  for (const row of rows) {
    const hit = shaped.get(row.cursor);
    if (hit && hit.event === spec.event && sameRow(hit.row, row)) {
      parts.push(hit.json);
      continue;
    }
    const json = JSON.stringify(toItem(spec, row));
    if (shaped.size >= MAX_SHAPED) shaped.delete(shaped.keys().next().value as number);
    shaped.set(row.cursor, { row: { ...row }, event: spec.event, json });
    parts.push(json);
  }
  return `[${parts.join(",")}]`;
}

const sameRow = (a: LogRow, b: LogRow) =>
  a.data === b.data && a.record_id === b.record_id && a.occurred_at_ms === b.occurred_at_ms && a.event === b.event;
