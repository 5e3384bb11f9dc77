import * as z from "../../zod";
import { pagedList } from "../envelope";
import {
  maybeBoolean,
  maybeList,
  maybeNumber,
  maybeString,
  nullableString,
  openEnum,
  type PageQuery,
} from "../schema-helpers";
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

const party = z.looseObject({ name: maybeString, email: maybeString, phone: maybeString });
const contingency = z.looseObject({
  type: maybeString,
  due_date: maybeString,
  status: z.optional(z.nullable(openEnum(["pending", "satisfied", "waived", "removed"]))),
});
/** A key date left out of an answer reads as `null` (not set), so callers always find all eleven. */
const keyDate = z._default(nullableString, null);
const keyDates = Object.fromEntries(KEY_DATES.map((d) => [d, keyDate])) as Record<KeyDate, typeof keyDate>;

/** The spec's aliases (§2.7): `escrow_number` is the display id, `status` the escrow status. */
function withAliases(v: unknown): unknown {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return v;
  const e = v as Record<string, unknown>;
  const display_id = e.display_id ?? e.escrow_number;
  const escrow_status = e.escrow_status ?? e.status;
  return {
    ...e,
    ...(display_id === undefined ? {} : { display_id }),
    ...(escrow_status === undefined ? {} : { escrow_status }),
  };
}

/**
 * An escrow (spec §2.7). Requires what a digest reads: `id`, `display_id`
 * (or `escrow_number`), `property_address` and `escrow_status` (or `status`);
 * the key dates are `null` when absent. Everything else is optional; unknown
 * fields are kept.
 */
const escrowRecord = z.looseObject({
  id: z.string(),
  /** `ESC-2026-0042`; accepted wherever an id is. */
  display_id: z.string(),
  escrow_number: maybeString,
  property_address: z.string(),
  display_address: maybeString,
  city: maybeString,
  state: maybeString,
  zip_code: maybeString,
  property_type: z.optional(z.nullable(openEnum(PROPERTY_TYPES))),
  purchase_price: maybeNumber,
  escrow_status: openEnum(ESCROW_STATUSES),
  representation_type: z.optional(z.nullable(openEnum(["buyer", "seller", "dual"]))),
  earnest_money_deposit: maybeNumber,
  ...keyDates,
  contingencies: maybeList(contingency),
  buyers: maybeList(party),
  sellers: maybeList(party),
  escrow_company: maybeString,
  escrow_officer_name: maybeString,
  escrow_officer_email: maybeString,
  escrow_officer_phone: maybeString,
  title_company: maybeString,
  loan_officer_name: maybeString,
  lead_source: maybeString,
  commission_percentage: maybeNumber,
  commission_type: z.optional(z.nullable(openEnum(["percentage", "flat"]))),
  gross_commission: maybeNumber,
  net_commission: maybeNumber,
  notes: maybeString,
  is_archived: maybeBoolean,
  archived_at: maybeString,
  version: maybeNumber,
  created_at: maybeString,
  updated_at: maybeString,
});
export const escrowSchema = z.pipe(z.transform(withAliases), escrowRecord);
export type Escrow = z.infer<typeof escrowSchema>;

/** A row of `GET /escrows/{id}/timeline`: all three fields required (a digest reads each). */
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

const escrowList = pagedList("escrows", escrowSchema, {
  stats: z.optional(z.looseObject({ total: maybeNumber, totalVolume: maybeNumber, totalCommission: maybeNumber })),
});
const deletedEscrow = z.looseObject({ id: z.string(), display_id: maybeString });
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
