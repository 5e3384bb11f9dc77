import * as z from "../../zod";
import { pagedList, parseResponse } from "../envelope";
import {
  deletedSchema,
  maybeBoolean,
  maybeList,
  maybeNumber,
  maybeString,
  openEnum,
  type PageQuery,
} from "../schema-helpers";
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

/** A contact (spec §2.6); only `id` is required. Contacts carry no `version`. */
export const contactSchema = z.looseObject({
  id: z.string(),
  first_name: maybeString,
  last_name: maybeString,
  full_name: maybeString,
  contact_type: z.optional(z.nullable(openEnum(CONTACT_TYPES))),
  contact_status: maybeString,
  email: maybeString,
  phone: maybeString,
  phone_secondary: maybeString,
  company: maybeString,
  license_number: maybeString,
  street_address: maybeString,
  city: maybeString,
  state: maybeString,
  zip_code: maybeString,
  notes: maybeString,
  tags: maybeList(z.string()),
  is_archived: maybeBoolean,
  archived_at: maybeString,
  created_at: maybeString,
  updated_at: maybeString,
});
export type Contact = z.infer<typeof contactSchema>;

/** The reduced rows of `GET /contacts/search`; only `id` is required. */
export const contactHitSchema = z.looseObject({
  id: z.string(),
  first_name: maybeString,
  last_name: maybeString,
  full_name: maybeString,
  email: maybeString,
  phone: maybeString,
  company: maybeString,
  license_number: maybeString,
  created_at: maybeString,
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

const contactList = pagedList("contacts", contactSchema, { stats: z.optional(z.looseObject({ total: maybeNumber })) });
const searchTop = z.looseObject({ count: maybeNumber });
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
      // `count` is documented but optional here: without it, the rows are the count.
      const count = parseResponse(searchTop, r, "GET /contacts/search").count ?? r.data.length;
      return { contacts: r.data, count };
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
