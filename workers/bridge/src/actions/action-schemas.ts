import * as z from "@actuallycare/shared/zod";
import { CHOICE_SCHEMAS } from "../fields/choices";
import { field } from "../fields/field-meta";

type ChoiceEnum = keyof typeof CHOICE_SCHEMAS;

/** A fresh copy of a dropdown's enum (metadata is per schema instance), labelled for one field. */
const choice = (name: ChoiceEnum, label: string, help?: string) =>
  field(CHOICE_SCHEMAS[name].clone(), { label, choices: name, ...(help ? { help } : {}) });
const text = (label: string, max: number, help?: string) =>
  field(z.string().check(z.minLength(1), z.maxLength(max)), { label, ...(help ? { help } : {}) });
const email = (label = "Email") => field(z.email(), { label });
const phone = (label = "Phone") =>
  field(z.string().check(z.maxLength(40)), { label, help: "Free-form, e.g. (661) 555-0198" });
const money = (label: string, help?: string) =>
  field(z.number().check(z.minimum(0)), { label, help: help ?? "Whole dollars" });
const recordId = (label: string) =>
  field(z.string().check(z.minLength(1), z.maxLength(64)), { label, help: "The record's id" });
const dateTime = (label: string, help?: string) =>
  field(z.iso.datetime({ offset: true }), { label, help: help ?? "ISO 8601 date and time, e.g. 2026-07-10T17:00:00Z" });
const o = z.optional;

const leadFields = {
  email: o(email()),
  phone: o(phone()),
  source: o(
    field(z.string().check(z.maxLength(100)), {
      label: "Source",
      help: "Where the lead came from",
      choices: "lead_sources",
    }),
  ),
  status: o(choice("lead_statuses", "Status", "Converted only through the Convert lead action")),
  lead_type: o(choice("lead_types", "Lead type")),
  interest_level: o(choice("interest_levels", "Interest level")),
  budget: o(money("Budget")),
  timeline: o(field(z.string().check(z.maxLength(50)), { label: "Timeline", choices: "lead_timelines" })),
  property_interest: o(text("Property of interest", 500)),
  message: o(text("Message", 5000, "The inquiry as the person wrote it")),
  notes: o(text("Notes", 5000)),
};

const clientFields = {
  email: o(email()),
  phone: o(phone()),
  source: o(text("Source", 100)),
  status: o(choice("client_statuses", "Status")),
  budget_min: o(money("Budget from")),
  budget_max: o(money("Budget up to")),
  notes: o(text("Notes", 5000)),
};

const contactFields = {
  email: o(email()),
  phone: o(phone()),
  company: o(text("Company", 200)),
  street_address: o(text("Street address", 200)),
  city: o(text("City", 100)),
  state: o(text("State", 50)),
  zip_code: o(text("ZIP code", 20)),
  notes: o(text("Notes", 5000)),
};

/**
 * The input of every action, in the order a form shows them: the one source for validation, `GET /fields/{action}`,
 * the OpenAPI document and the Zapier app's input fields.
 */
export const ACTION_INPUTS = {
  create_lead: z.object({ name: text("Full name", 200), ...leadFields }),
  update_lead: z.object({ id: recordId("Lead id"), name: o(text("Full name", 200)), ...leadFields }),
  convert_lead: z.object({
    id: recordId("Lead id"),
    client_type: o(choice("client_types", "Client type", "Defaults to the lead's type, else buyer")),
  }),
  create_client: z.object({
    first_name: text("First name", 100),
    last_name: text("Last name", 100),
    client_type: choice("client_types", "Client type"),
    ...clientFields,
  }),
  update_client: z.object({
    id: recordId("Client id"),
    first_name: o(text("First name", 100)),
    last_name: o(text("Last name", 100)),
    client_type: o(choice("client_types", "Client type")),
    ...clientFields,
  }),
  create_contact: z.object({
    first_name: text("First name", 100),
    last_name: text("Last name", 100),
    contact_type: choice("contact_types", "Contact type"),
    ...contactFields,
  }),
  update_contact: z.object({
    id: recordId("Contact id"),
    first_name: o(text("First name", 100)),
    last_name: o(text("Last name", 100)),
    contact_type: o(choice("contact_types", "Contact type")),
    ...contactFields,
  }),
  find_or_create_contact: z.object({
    email: field(z.email(), { label: "Email", help: "Looked up first (exact, any case); created only when absent" }),
    first_name: text("First name", 100),
    last_name: text("Last name", 100),
    contact_type: choice("contact_types", "Contact type"),
    phone: o(phone()),
    company: o(text("Company", 200)),
    notes: o(text("Notes", 5000)),
  }),
  create_appointment: z.object({
    title: text("Title", 200),
    start_time: dateTime("Starts"),
    end_time: dateTime("Ends", "After the start"),
    appointment_type: o(choice("appointment_types", "Type")),
    location: o(text("Location", 300)),
    description: o(text("Description", 5000)),
    client_id: o(recordId("Client id")),
    lead_id: o(recordId("Lead id")),
    listing_id: o(recordId("Listing id")),
  }),
} as const;

export type ActionName = keyof typeof ACTION_INPUTS;
export const ACTION_NAMES = Object.keys(ACTION_INPUTS) as ActionName[];
export type ActionInput<N extends ActionName> = z.infer<(typeof ACTION_INPUTS)[N]>;

/** Human names, for the OpenAPI summaries and the Zapier app. */
export const ACTION_LABELS: Record<ActionName, string> = {
  create_lead: "Create lead",
  update_lead: "Update lead",
  convert_lead: "Convert lead to client",
  create_client: "Create client",
  update_client: "Update client",
  create_contact: "Create contact",
  update_contact: "Update contact",
  find_or_create_contact: "Find or create contact by email",
  create_appointment: "Create appointment",
};
