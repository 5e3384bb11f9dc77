import * as z from "../../zod";
import { pagedList } from "../envelope";
import { nullableNumber, nullableString, openEnum, type PageQuery } from "../schema-helpers";
import type { Transport } from "../transport";

export const ESCROW_STATUSES = ["active", "pending", "closed", "cancelled"] as const;
export const PROPERTY_TYPES = ["single_family", "condo", "townhouse", "multi_family", "land", "commercial"] as const;
/** The key dates, `YYYY-MM-DD` or null (spec §2.7). */
export const KEY_DATES = [
  "acceptance_date",
  "emd_date",
  "physical_inspection_date",
  "appraisal_ordered_date",
  "appraisal_completed_date",
  "inspection_contingency_removal_date",
  "appraisal_contingency_removal_date",
  "loan_contingency_removal_date",
  "all_contingencies_removal_date",
  "closing_date",
  "actual_coe_date",
] as const;
export type KeyDate = (typeof KEY_DATES)[number];

const party = z.looseObject({ name: z.string(), email: z.optional(nullableString), phone: z.optional(nullableString) });
const contingency = z.looseObject({
  type: z.string(),
  due_date: nullableString,
  status: openEnum(["pending", "satisfied", "waived", "removed"]),
});
const keyDates = Object.fromEntries(KEY_DATES.map((d) => [d, nullableString])) as Record<
  KeyDate,
  typeof nullableString
>;

/** An escrow (spec §2.7). Unknown fields are kept. */
export const escrowSchema = z.looseObject({
  id: z.string(),
  /** `ESC-2026-0042`; accepted wherever an id is. */
  display_id: z.string(),
  escrow_number: z.optional(z.string()),
  property_address: z.string(),
  display_address: z.optional(nullableString),
  city: nullableString,
  state: nullableString,
  zip_code: nullableString,
  property_type: z.optional(z.nullable(openEnum(PROPERTY_TYPES))),
  purchase_price: nullableNumber,
  escrow_status: openEnum(ESCROW_STATUSES),
  representation_type: openEnum(["buyer", "seller", "dual"]),
  earnest_money_deposit: nullableNumber,
  ...keyDates,
  contingencies: z.optional(z.array(contingency)),
  buyers: z.optional(z.array(party)),
  sellers: z.optional(z.array(party)),
  escrow_company: z.optional(nullableString),
  escrow_officer_name: z.optional(nullableString),
  escrow_officer_email: z.optional(nullableString),
  escrow_officer_phone: z.optional(nullableString),
  title_company: z.optional(nullableString),
  loan_officer_name: z.optional(nullableString),
  lead_source: z.optional(nullableString),
  commission_percentage: z.optional(nullableNumber),
  commission_type: z.optional(z.nullable(openEnum(["percentage", "flat"]))),
  gross_commission: z.optional(nullableNumber),
  net_commission: z.optional(nullableNumber),
  notes: z.optional(nullableString),
  is_archived: z.boolean(),
  archived_at: nullableString,
  version: z.int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Escrow = z.infer<typeof escrowSchema>;

/** A row of `GET /escrows/{id}/timeline`. */
export const timelineEntrySchema = z.looseObject({ label: z.string(), date: nullableString, completed: z.boolean() });
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

type Party = { name: string; email?: string | null; phone?: string | null };
/** The free-text fields, grouped only to keep lines short; `null` clears them. */
type PlaceText = "display_address" | "city" | "state" | "zip_code" | "lead_source" | "notes";
type OfficeText = "escrow_company" | "escrow_officer_name" | "escrow_officer_email" | "escrow_officer_phone";
type PartnerText = "title_company" | "loan_officer_name";

/** Writable escrow fields (spec §2.7); `null` clears an optional one. Key dates are `YYYY-MM-DD`. */
export type EscrowInput = {
  property_address?: string;
  /** > 0 (dollars). */
  purchase_price?: number | null;
  escrow_status?: (typeof ESCROW_STATUSES)[number];
  representation_type?: "buyer" | "seller" | "dual";
  property_type?: (typeof PROPERTY_TYPES)[number] | null;
  /** At most 6 each. */
  buyers?: Party[] | null;
  sellers?: Party[] | null;
  /** At most the price. */
  earnest_money_deposit?: number | null;
  contingencies?: Array<{ type: string; due_date?: string | null; status?: string }> | null;
  commission_percentage?: number | null;
  commission_type?: "percentage" | "flat" | null;
} & Partial<Record<PlaceText | OfficeText | PartnerText | KeyDate, string | null>>;

export interface EscrowListQuery extends PageQuery {
  /** Case-insensitive; `all` = no filter. */
  status?: string;
  /** Substring of `property_address` or `display_id`. */
  search?: string;
  minPrice?: number;
  maxPrice?: number;
  /** `YYYY-MM-DD`, inclusive, on `closing_date`. */
  closingDateStart?: string;
  closingDateEnd?: string;
  /** `true` lists only archived escrows. */
  archived?: boolean;
  sort?: "created_at" | "closing_date" | "property_address" | "purchase_price";
  order?: "asc" | "desc";
}

const escrowList = z.extend(pagedList("escrows", escrowSchema), {
  stats: z.optional(z.looseObject({ total: z.number(), totalVolume: z.number(), totalCommission: z.number() })),
});
const deletedEscrow = z.looseObject({ id: z.string(), display_id: z.string() });
const path = (id: string) => `/escrows/${encodeURIComponent(id)}`;

/** Escrows (spec §2.7): API key `escrows:*` or JWT. Every `id` may be the UUID or the display id. */
export function escrowsApi(t: Transport) {
  const send = <S extends z.ZodMiniType>(
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    p: string,
    data: S,
    body?: unknown,
  ) => t.request({ method, path: p, body, auth: "key-or-jwt", data });
  const call = async (method: "GET" | "PUT" | "PATCH", p: string, body?: EscrowInput) =>
    (await send(method, p, escrowSchema, body)).data;
  return {
    /** `GET /escrows`: `{escrows, meta, stats}`; 20 per page unless `limit` says otherwise. */
    list: async (query: EscrowListQuery = {}) =>
      (await t.request({ method: "GET", path: "/escrows", query: { ...query }, auth: "key-or-jwt", data: escrowList }))
        .data,
    /** Assigns the `display_id`. */
    create: async (body: EscrowInput & { property_address: string }) =>
      (await send("POST", "/escrows", escrowSchema, body)).data,
    /** 404 for archived escrows too. */
    get: (id: string) => call("GET", path(id)),
    /** Partial update; pass `version` to fail with 409 `VERSION_CONFLICT` on a stale copy. */
    update: (id: string, body: EscrowInput & { version?: number }) => call("PUT", path(id), body),
    /** Only archived escrows can be deleted (else 400 `NOT_ARCHIVED`); answers `{id, display_id}`. */
    delete: async (id: string) => (await send("DELETE", path(id), deletedEscrow)).data,
    /** 404 when already archived. */
    archive: (id: string) => call("PATCH", `${path(id)}/archive`),
    /** 404 when not archived. */
    restore: (id: string) => call("PATCH", `${path(id)}/restore`),
    /** The key-date milestones in order, archived escrows included. */
    timeline: async (id: string) => (await send("GET", `${path(id)}/timeline`, z.array(timelineEntrySchema))).data,
  };
}

export type EscrowsApi = ReturnType<typeof escrowsApi>;
