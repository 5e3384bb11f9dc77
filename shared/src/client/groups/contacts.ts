import * as z from "../../zod";
import { pagedList, parseResponse } from "../envelope";
import { deletedSchema, nullableString, openEnum, type PageQuery } from "../schema-helpers";
import type { Transport } from "../transport";

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

/** A contact (spec §2.6). Contacts carry no `version`. */
export const contactSchema = z.looseObject({
  id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  full_name: z.string(),
  contact_type: openEnum(CONTACT_TYPES),
  contact_status: nullableString,
  email: nullableString,
  phone: nullableString,
  phone_secondary: z.optional(nullableString),
  company: nullableString,
  license_number: z.optional(nullableString),
  street_address: z.optional(nullableString),
  city: z.optional(nullableString),
  state: z.optional(nullableString),
  zip_code: z.optional(nullableString),
  notes: z.optional(nullableString),
  tags: z.optional(z.array(z.string())),
  is_archived: z.boolean(),
  archived_at: nullableString,
  created_at: z.string(),
  updated_at: z.string(),
});
export type Contact = z.infer<typeof contactSchema>;

/** The reduced rows of `GET /contacts/search`. */
export const contactHitSchema = z.looseObject({
  id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  full_name: z.string(),
  email: nullableString,
  phone: nullableString,
  company: nullableString,
  license_number: nullableString,
  created_at: z.string(),
});
export type ContactHit = z.infer<typeof contactHitSchema>;

/** Writable contact fields (spec §2.6); `null` clears an optional one. */
export interface ContactInput {
  first_name?: string;
  last_name?: string;
  contact_type?: (typeof CONTACT_TYPES)[number];
  contact_status?: string;
  email?: string | null;
  phone?: string | null;
  phone_secondary?: string | null;
  company?: string | null;
  license_number?: string | null;
  street_address?: string | null;
  city?: string | null;
  state?: string | null;
  zip_code?: string | null;
  notes?: string | null;
  tags?: string[] | null;
}

export interface ContactListQuery extends PageQuery {
  /** Case-insensitive, on names and email. */
  search?: string;
  /** A `contact_type`. */
  type?: string;
  /** `true` lists only archived contacts. */
  archived?: boolean;
}

export interface ContactSearchQuery {
  /** e.g. `loan_officer`, `escrow_officer`, `buyer` (spec §2.6). */
  role?: string;
  name?: string;
  email?: string;
  /** Default 50, at most 100. */
  limit?: number;
}

const contactList = z.extend(pagedList("contacts", contactSchema), {
  stats: z.optional(z.looseObject({ total: z.int() })),
});
const searchTop = z.looseObject({ count: z.int() });
const path = (id: string) => `/contacts/${encodeURIComponent(id)}`;

/** Contacts (spec §2.6): JWT only, the whole address book. */
export function contactsApi(t: Transport) {
  const patch = async (id: string, action: "archive" | "restore") =>
    (await t.request({ method: "PATCH", path: `${path(id)}/${action}`, auth: "jwt", data: contactSchema })).data;
  return {
    /** `GET /contacts`: `{contacts, meta, stats}`, by last then first name; archived ones only with `archived:true`. */
    list: async (query: ContactListQuery = {}) =>
      (await t.request({ method: "GET", path: "/contacts", query: { ...query }, auth: "jwt", data: contactList })).data,
    create: async (body: ContactInput & Required<Pick<ContactInput, "first_name" | "last_name" | "contact_type">>) =>
      (await t.request({ method: "POST", path: "/contacts", body, auth: "jwt", data: contactSchema })).data,
    /** Looks people up by role, name or email (not archived ones): `{contacts, count}`. */
    search: async (query: ContactSearchQuery = {}) => {
      const r = await t.request({
        method: "GET",
        path: "/contacts/search",
        query: { ...query },
        auth: "jwt",
        data: z.array(contactHitSchema),
      });
      return { contacts: r.data, count: parseResponse(searchTop, r, "GET /contacts/search").count };
    },
    /** The record, archived or not. */
    get: async (id: string) =>
      (await t.request({ method: "GET", path: path(id), auth: "jwt", data: contactSchema })).data,
    /** Partial update (contacts have no `version`). */
    update: async (id: string, body: ContactInput) =>
      (await t.request({ method: "PUT", path: path(id), body, auth: "jwt", data: contactSchema })).data,
    /** Hard delete; answers `{id}`. */
    delete: async (id: string) =>
      (await t.request({ method: "DELETE", path: path(id), auth: "jwt", data: deletedSchema })).data,
    /** Idempotent. */
    archive: (id: string) => patch(id, "archive"),
    /** Idempotent. */
    restore: (id: string) => patch(id, "restore"),
  };
}

export type ContactsApi = ReturnType<typeof contactsApi>;
