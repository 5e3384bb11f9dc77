import * as z from "@actuallycare/shared/zod";

/** The record types the bridge follows, as webhook events name them (`lead.created` → `lead`). */
export const RESOURCES = ["lead", "client", "contact", "escrow", "listing", "appointment"] as const;
export type Resource = (typeof RESOURCES)[number];

type FieldType = "string" | "number";
/** A field of an event's `data` (spec §3.1) and its JSON type; every field may be null. */
type Fields = Readonly<Record<string, FieldType>>;

const LEAD: Fields = {
  id: "string",
  name: "string",
  email: "string",
  phone: "string",
  source: "string",
  status: "string",
};
const CLIENT: Fields = {
  id: "string",
  first_name: "string",
  last_name: "string",
  email: "string",
  phone: "string",
  client_type: "string",
  status: "string",
};
const CONTACT: Fields = {
  id: "string",
  first_name: "string",
  last_name: "string",
  email: "string",
  phone: "string",
  contact_type: "string",
};
const ESCROW: Fields = { id: "string", status: "string", property_address: "string", escrow_number: "string" };
const LISTING: Fields = {
  id: "string",
  mls_number: "string",
  address: "string",
  list_price: "number",
  status: "string",
};
const APPOINTMENT: Fields = {
  id: "string",
  title: "string",
  appointment_type: "string",
  start_time: "string",
  end_time: "string",
  status: "string",
  client_id: "string",
};

/**
 * `once`: happens once per record (its item id is the record id); `change`: may happen many times (its item id is
 * the record id plus the change, so id-only dedupe fires on each change and never twice for one).
 */
export type EventKind = "once" | "change";

export interface EventSpec {
  event: string;
  resource: Resource;
  kind: EventKind;
  label: string;
  fields: Fields;
}

const spec = (event: string, kind: EventKind, label: string, fields: Fields): EventSpec => ({
  event,
  resource: event.split(".")[0] as Resource,
  kind,
  label,
  fields,
});

/** The events the log keeps and the triggers serve. Other events (deletes, archives, tests) are acknowledged and dropped. */
export const EVENTS: readonly EventSpec[] = [
  spec("lead.created", "once", "New lead", LEAD),
  spec("lead.updated", "change", "Updated lead", LEAD),
  spec("lead.converted", "once", "Lead converted to a client", {
    id: "string",
    name: "string",
    status: "string",
    converted_to_client_id: "string",
  }),
  spec("client.created", "once", "New client", CLIENT),
  spec("client.updated", "change", "Updated client", CLIENT),
  spec("contact.created", "once", "New contact", CONTACT),
  spec("contact.updated", "change", "Updated contact", CONTACT),
  spec("escrow.created", "once", "New escrow", ESCROW),
  spec("escrow.updated", "change", "Updated escrow", ESCROW),
  spec("escrow.status_changed", "change", "Escrow status changed", {
    id: "string",
    escrow_number: "string",
    property_address: "string",
    previous_status: "string",
    status: "string",
  }),
  spec("listing.created", "once", "New listing", LISTING),
  spec("listing.updated", "change", "Updated listing", LISTING),
  spec("listing.status_changed", "change", "Listing status changed", {
    id: "string",
    address: "string",
    previous_status: "string",
    status: "string",
  }),
  spec("appointment.created", "once", "New appointment", APPOINTMENT),
  spec("appointment.updated", "change", "Updated appointment", APPOINTMENT),
  spec("appointment.cancelled", "change", "Appointment cancelled", APPOINTMENT),
];

const byName = new Map(EVENTS.map((e) => [e.event, e]));

export function eventSpec(event: string): EventSpec | undefined {
  return byName.get(event);
}

/**
 * An event's `data` reduced to its catalog fields, each of its type or null: webhooks and reconciliation scans
 * produce the same keys and types, whatever extra fields a record carries.
 */
export function projectData(spec: EventSpec, source: Record<string, unknown>): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const [field, type] of Object.entries(spec.fields)) {
    const v = source[field];
    out[field] = typeof v === type ? (v as string | number) : null;
  }
  return out;
}

/** The JSON type of a catalog field, for the item schemas (OpenAPI, samples). */
const fieldSchema = (type: FieldType) => z.nullable(type === "number" ? z.number() : z.string());

/**
 * The schema of one trigger item of an event: the flattened data (record `id` moved to `record_id`) plus the
 * item `id`, the log `cursor`, `event` and `occurred_at`.
 */
export function itemSchema(spec: EventSpec) {
  const shape: Record<string, z.ZodMiniType> = {
    id: z.string(),
    cursor: z.string(),
    event: z.literal(spec.event),
    occurred_at: z.string(),
    record_id: z.string(),
  };
  for (const [field, type] of Object.entries(spec.fields)) if (field !== "id") shape[field] = fieldSchema(type);
  return z.strictObject(shape);
}
