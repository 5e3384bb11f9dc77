/** One entry of the event catalog (`GET /v1/webhooks/events`). */
export interface CatalogEvent {
  event: string;
  category: string;
  description: string;
  /** Field names of the delivered `data` object. */
  payload: readonly string[];
}

const LEAD = ["id", "name", "email", "phone", "source", "status"] as const;
const CLIENT = ["id", "first_name", "last_name", "email", "phone", "client_type", "status"] as const;
const CONTACT = ["id", "first_name", "last_name", "email", "phone", "contact_type"] as const;
const ESCROW = ["id", "status", "property_address", "escrow_number"] as const;
const LISTING = ["id", "mls_number", "address", "list_price", "status"] as const;
const APPOINTMENT = ["id", "title", "appointment_type", "start_time", "end_time", "status", "client_id"] as const;

const e = (event: string, description: string, payload: readonly string[]): CatalogEvent => ({
  event,
  category: event.split(".")[0] as string,
  description,
  payload,
});

/** Every event the sandbox's 64 operations can cause (spec §3.1), plus `webhook.test`. */
export const EVENT_CATALOG: readonly CatalogEvent[] = [
  e("lead.created", "A lead was created", LEAD),
  e("lead.updated", "A lead was updated", LEAD),
  e("lead.converted", "A lead was converted to a client", ["id", "name", "status", "converted_to_client_id"]),
  e("lead.deleted", "A lead was deleted", ["id"]),
  e("client.created", "A client was created (directly or by converting a lead)", CLIENT),
  e("client.updated", "A client was updated", CLIENT),
  e("client.deleted", "A client was deleted", ["id"]),
  e("contact.created", "A contact was created", CONTACT),
  e("contact.updated", "A contact was updated", CONTACT),
  e("contact.archived", "A contact was archived", ["id"]),
  e("contact.restored", "A contact was restored from the archive", ["id"]),
  e("contact.deleted", "A contact was deleted", ["id"]),
  e("escrow.created", "An escrow was opened", ESCROW),
  e("escrow.updated", "An escrow was updated", ESCROW),
  e("escrow.status_changed", "An escrow's status changed", [
    "id",
    "escrow_number",
    "property_address",
    "previous_status",
    "status",
  ]),
  e("escrow.archived", "An escrow was archived", ["id", "escrow_number"]),
  e("escrow.restored", "An escrow was restored from the archive", ["id", "escrow_number"]),
  e("escrow.deleted", "An archived escrow was deleted", ["id", "escrow_number"]),
  e("listing.created", "A listing was created", LISTING),
  e("listing.updated", "A listing was updated", LISTING),
  e("listing.status_changed", "A listing's status changed", ["id", "address", "previous_status", "status"]),
  e("listing.deleted", "A listing was deleted", ["id"]),
  e("appointment.created", "An appointment was scheduled", APPOINTMENT),
  e("appointment.updated", "An appointment was updated", APPOINTMENT),
  e("appointment.cancelled", "An appointment was cancelled", APPOINTMENT),
  e("appointment.deleted", "An appointment was deleted", ["id"]),
  e("webhook.test", "A test delivery sent from the sandbox", ["test", "message"]),
];

const byName = new Map(EVENT_CATALOG.map((c) => [c.event, c]));

/**
 * The `data` object of an event: exactly the catalog's payload fields, taken
 * from `source` (unset fields as null).
 */
export function eventData(event: string, source: Record<string, unknown>): Record<string, unknown> {
  const entry = byName.get(event);
  if (!entry) throw new Error(`event ${event} is not in the catalog`);
  return Object.fromEntries(entry.payload.map((f) => [f, source[f] ?? null]));
}
