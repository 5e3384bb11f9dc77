import { appLink, type FormatOptions, fieldsFrom, type Summary } from "./summary";
import { display, dollars, localTime, statusWords } from "./text";

type Known = Omit<Summary, "eventName" | "timestamp">;
type Data = Record<string, unknown>;
type Builder = (data: Data, action: string, options: FormatOptions) => Known | null;

const join = (...parts: Array<string | null>) => parts.filter((p): p is string => p !== null && p !== "").join(" · ");
const personName = (d: Data) => join([display(d.first_name), display(d.last_name)].filter(Boolean).join(" ") || null);
const change = (d: Data) => {
  const from = statusWords(d.previous_status);
  const to = statusWords(d.status);
  return from && to ? `${from} → ${to}` : (to ?? "");
};

const LEAD_VERBS: Record<string, string> = {
  created: "New lead",
  updated: "Lead updated",
  converted: "Lead converted to a client",
  deleted: "Lead deleted",
};

const lead: Builder = (d, action, o) => {
  const verb = LEAD_VERBS[action];
  if (!verb) return null;
  const fields = fieldsFrom(d, [
    ["email", "Email"],
    ["phone", "Phone"],
    ["source", "Source"],
    ["status", "Status", statusWords],
  ]);
  if (action === "deleted") return { title: verb, detail: "", fields: fieldsFrom(d, [["id", "Lead id"]]), link: null };
  const link = action === "converted" ? appLink(o, "clients", d.converted_to_client_id) : appLink(o, "leads", d.id);
  const title =
    action === "created" ? `${verb}: ${join(display(d.name), display(d.source))}` : `${verb}: ${display(d.name) ?? ""}`;
  return { title: title.replace(/: $/, ""), detail: "", fields, link };
};

/** Clients and contacts read alike: a person, with a type. */
function person(kind: "Client" | "Contact", section: string, typeField: string): Builder {
  const verbs: Record<string, string> = {
    created: `New ${kind.toLowerCase()}`,
    updated: `${kind} updated`,
    archived: `${kind} archived`,
    restored: `${kind} restored`,
    deleted: `${kind} deleted`,
  };
  return (d, action, o) => {
    const verb = verbs[action];
    if (!verb || (kind === "Client" && (action === "archived" || action === "restored"))) return null;
    const name = personName(d);
    const fields = fieldsFrom(d, [
      ["email", "Email"],
      ["phone", "Phone"],
      [typeField, "Type", statusWords],
      ["status", "Status", statusWords],
    ]);
    if (action === "deleted" || fields.length === 0) fields.push(...fieldsFrom(d, [["id", `${kind} id`]]));
    return {
      title: name ? `${verb}: ${name}` : verb,
      detail: "",
      fields,
      link: action === "deleted" ? null : appLink(o, section, d.id),
    };
  };
}

const ESCROW_VERBS: Record<string, string> = {
  created: "Escrow opened",
  updated: "Escrow updated",
  status_changed: "Escrow status changed",
  archived: "Escrow archived",
  restored: "Escrow restored",
  deleted: "Escrow deleted",
};

const escrow: Builder = (d, action, o) => {
  const verb = ESCROW_VERBS[action];
  if (!verb) return null;
  const number = display(d.escrow_number);
  const address = display(d.property_address);
  const title =
    action === "status_changed" ? `${verb}: ${join(number, change(d) || null)}` : `${verb}: ${join(number, address)}`;
  return {
    title: title.replace(/: $/, ""),
    detail: action === "status_changed" ? (address ?? "") : "",
    fields: fieldsFrom(d, [
      ["escrow_number", "Escrow"],
      ["property_address", "Property"],
      ["previous_status", "Previous status", statusWords],
      ["status", "Status", statusWords],
    ]),
    link: action === "deleted" ? null : appLink(o, "escrows", d.id),
  };
};

const LISTING_VERBS: Record<string, string> = {
  created: "New listing",
  updated: "Listing updated",
  status_changed: "Listing status changed",
  deleted: "Listing deleted",
};

const listing: Builder = (d, action, o) => {
  const verb = LISTING_VERBS[action];
  if (!verb) return null;
  const address = display(d.address);
  const title =
    action === "status_changed"
      ? `${verb}: ${join(address, change(d) || null)}`
      : `${verb}: ${join(address, action === "deleted" ? null : dollars(d.list_price))}`;
  const fields = fieldsFrom(d, [
    ["mls_number", "MLS #"],
    ["list_price", "List price", dollars],
    ["previous_status", "Previous status", statusWords],
    ["status", "Status", statusWords],
  ]);
  if (action === "deleted") fields.push(...fieldsFrom(d, [["id", "Listing id"]]));
  return {
    title: title.replace(/: $/, ""),
    detail: "",
    fields,
    link: action === "deleted" ? null : appLink(o, "listings", d.id),
  };
};

const APPOINTMENT_VERBS: Record<string, string> = {
  created: "Appointment scheduled",
  updated: "Appointment updated",
  cancelled: "Appointment cancelled",
  deleted: "Appointment deleted",
};

const appointment: Builder = (d, action, o) => {
  const verb = APPOINTMENT_VERBS[action];
  if (!verb) return null;
  const when = localTime(d.start_time, o.timeZone);
  const fields = fieldsFrom(d, [
    ["start_time", "Starts", (v) => localTime(v, o.timeZone)],
    ["end_time", "Ends", (v) => localTime(v, o.timeZone)],
    ["appointment_type", "Type", statusWords],
    ["status", "Status", statusWords],
  ]);
  if (action === "deleted") fields.push(...fieldsFrom(d, [["id", "Appointment id"]]));
  return {
    title: `${verb}: ${join(display(d.title), when)}`.replace(/: $/, ""),
    detail: "",
    fields,
    link: action === "deleted" ? null : appLink(o, "appointments", d.id),
  };
};

const webhook: Builder = (d, action) =>
  action === "test"
    ? { title: "Test delivery from ActuallyCare", detail: display(d.message) ?? "", fields: [], link: null }
    : null;

const BUILDERS: Record<string, Builder> = {
  lead,
  client: person("Client", "clients", "client_type"),
  contact: person("Contact", "contacts", "contact_type"),
  escrow,
  listing,
  appointment,
  webhook,
};

/** The wording for an event we know, or null (the caller then writes a generic message). */
export function categorySummary(name: string, data: Data, options: FormatOptions): Known | null {
  const dot = name.indexOf(".");
  if (dot < 0) return null;
  const builder = Object.hasOwn(BUILDERS, name.slice(0, dot)) ? BUILDERS[name.slice(0, dot)] : undefined;
  return builder ? builder(data, name.slice(dot + 1), options) : null;
}
