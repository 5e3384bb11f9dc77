import { type EventSpec, projectData } from "../event-log/catalog";
import { readEvents } from "../event-log/read";
import { type TriggerItem, toItem } from "./items";
import { SAMPLE_OVERRIDES, SAMPLE_RECORDS, SAMPLE_TIME_MS } from "./sample-fixtures";

/** How many samples a tool gets: enough to map fields from, few enough to read. */
export const SAMPLE_COUNT = 3;

/** Recent real items of the event from the log; when there are none, one realistic fixture, shaped the same. */
export async function samplesOf(db: D1Database, spec: EventSpec): Promise<TriggerItem[]> {
  const page = await readEvents(db, spec, { limit: SAMPLE_COUNT });
  if (page.rows.length > 0) return page.rows.map((row) => toItem(spec, row));
  const record = { ...SAMPLE_RECORDS[spec.resource], ...SAMPLE_OVERRIDES[spec.event] };
  const data = projectData(spec, record);
  return [
    toItem(spec, {
      cursor: 0,
      event: spec.event,
      record_id: String(record.id),
      occurred_at_ms: SAMPLE_TIME_MS,
      data: JSON.stringify(data),
    }),
  ];
}
