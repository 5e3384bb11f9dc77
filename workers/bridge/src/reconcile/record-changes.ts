import { type EventSpec, eventSpec, type Resource } from "../event-log/catalog";

/** Where each resource keeps its status (escrows: `escrow_status`; contacts have none that events follow). */
const STATUS_FIELD: Record<Resource, string | null> = {
  lead: "status",
  client: "status",
  contact: null,
  escrow: "escrow_status",
  listing: "status",
  appointment: "status",
};

/** A scanned record's identity, times and status. */
export interface RecordState {
  id: string;
  createdAtMs: number;
  updatedAtMs: number;
  status: string | null;
}

export function stateOf(resource: Resource, record: Record<string, unknown>): RecordState | null {
  const id = record.id;
  const created = Date.parse(String(record.created_at));
  const updated = Date.parse(String(record.updated_at ?? record.created_at));
  if (typeof id !== "string" || Number.isNaN(created) || Number.isNaN(updated)) return null;
  const field = STATUS_FIELD[resource];
  const status = field && typeof record[field] === "string" ? (record[field] as string) : null;
  return { id, createdAtMs: created, updatedAtMs: updated, status };
}

/** An event reconciliation infers, with the data a webhook would have carried. */
export interface InferredEvent {
  spec: EventSpec;
  occurredAtMs: number;
  source: Record<string, unknown>;
}

/**
 * The events a webhook would have sent for what a scan sees: `created` for a record the bridge never saw; for a
 * changed one, what the API emits on an update (spec §3.1): `updated`, plus `status_changed` when the status moved
 * (escrows, listings), `cancelled` when an appointment became cancelled, and `lead.converted` (alone, as the API
 * sends it) when a lead became converted.
 */
export function inferEvents(
  resource: Resource,
  record: Record<string, unknown>,
  now: RecordState,
  before: { updatedAtMs: number; status: string | null } | null,
): InferredEvent[] {
  const source = {
    ...record,
    status: now.status ?? record.status,
    ...(resource === "escrow" ? { escrow_number: record.escrow_number ?? record.display_id } : {}),
    previous_status: before?.status ?? null,
  };
  const events: string[] = [];
  if (!before) events.push(`${resource}.created`);
  else {
    const moved = now.status !== null && before.status !== null && now.status !== before.status;
    if (resource === "lead" && moved && now.status === "converted") events.push("lead.converted");
    else {
      events.push(`${resource}.updated`);
      if (moved && (resource === "escrow" || resource === "listing")) events.push(`${resource}.status_changed`);
      if (moved && resource === "appointment" && now.status === "cancelled") events.push("appointment.cancelled");
    }
  }
  return events.flatMap((name) => {
    const spec = eventSpec(name);
    if (!spec) return [];
    return [{ spec, occurredAtMs: before ? now.updatedAtMs : now.createdAtMs, source }];
  });
}
