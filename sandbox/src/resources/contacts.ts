import * as z from "zod";
import { email } from "../http/validate";
import { oneOf, requiredText, stringList, text } from "./clients";
import { withoutUndefined } from "./leads";

export const CONTACT_TYPES = [
  "buyer",
  "seller",
  "agent",
  "lender",
  "title_officer",
  "inspector",
  "appraiser",
  "contractor",
  "client",
  "vendor",
  "other",
] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

/**
 * The roles `GET /contacts/search` accepts (spec §2.6) and the contact types
 * each one matches. Contacts carry no role field, so a role is matched
 * through this mapping (inferred): lead roles map to the plain type, loan
 * officers are lenders, escrow officers sit with title officers, both
 * inspector kinds are inspectors, a broker is an agent, a handyman a
 * contractor, a photographer a vendor, and a transaction coordinator "other".
 * A Map, so that a role is only ever one of these names, never an inherited member.
 */
export const SEARCH_ROLES: ReadonlyMap<string, readonly ContactType[]> = new Map<string, readonly ContactType[]>([
  ["lead_buyer", ["buyer"]],
  ["buyer", ["buyer"]],
  ["lead_seller", ["seller"]],
  ["seller", ["seller"]],
  ["client", ["client"]],
  ["loan_officer", ["lender"]],
  ["escrow_officer", ["title_officer"]],
  ["home_inspector", ["inspector"]],
  ["termite_inspector", ["inspector"]],
  ["agent", ["agent"]],
  ["broker", ["agent"]],
  ["transaction_coordinator", ["other"]],
  ["handyman", ["contractor"]],
  ["contractor", ["contractor"]],
  ["photographer", ["vendor"]],
]);

/** The contact record as the API returns it (spec §2.6). Contacts carry no `version`. */
export interface Contact {
  id: string;
  first_name: string;
  last_name: string;
  full_name: string;
  contact_type: ContactType;
  contact_status: string;
  email: string | null;
  phone: string | null;
  phone_secondary: string | null;
  company: string | null;
  license_number: string | null;
  street_address: string | null;
  city: string | null;
  state: string | null;
  zip_code: string | null;
  notes: string | null;
  tags: string[];
  is_archived: boolean;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The reduced shape of `GET /contacts/search`. */
export const SEARCH_FIELDS = [
  "id",
  "first_name",
  "last_name",
  "full_name",
  "email",
  "phone",
  "company",
  "license_number",
  "created_at",
] as const;

const writable = {
  first_name: requiredText("First name", 100),
  last_name: requiredText("Last name", 100),
  contact_type: oneOf("Contact type", CONTACT_TYPES),
  // Values are unpublished, so any short word is accepted, lower-cased like the enums.
  contact_status: text(50)
    .min(1, "Must not be empty")
    .transform((s) => s.toLowerCase()),
  email: email.nullable(),
  phone: text(40).nullable(),
  phone_secondary: text(40).nullable(),
  company: text(200).nullable(),
  license_number: text(50).nullable(),
  street_address: text(200).nullable(),
  city: text(100).nullable(),
  state: text(50).nullable(),
  zip_code: text(20).nullable(),
  notes: text(10000).nullable(),
  tags: stringList(50, 50),
};

export const createContactSchema = z
  .object(writable)
  .partial()
  .extend({ first_name: writable.first_name, last_name: writable.last_name, contact_type: writable.contact_type });

export const updateContactSchema = z.object(writable).partial();

export type ContactInput = z.infer<typeof updateContactSchema>;

export const fullName = (first: string, last: string) => `${first} ${last}`.trim();

/** A full record from validated input; the seeder builds fixtures with the same function. */
export function buildContact(
  id: string,
  input: ContactInput & Pick<Contact, "first_name" | "last_name" | "contact_type">,
  nowIso: string,
): Contact {
  return {
    id,
    contact_status: "active",
    email: null,
    phone: null,
    phone_secondary: null,
    company: null,
    license_number: null,
    street_address: null,
    city: null,
    state: null,
    zip_code: null,
    notes: null,
    tags: [],
    ...withoutUndefined(input),
    first_name: input.first_name,
    last_name: input.last_name,
    full_name: fullName(input.first_name, input.last_name),
    contact_type: input.contact_type,
    is_archived: false,
    archived_at: null,
    created_at: nowIso,
    updated_at: nowIso,
  };
}
