import * as z from "../../zod";
import { pagedList } from "../envelope";
import { deletedSchema, maybeList, maybeNumber, maybeString, openEnum, type PageQuery } from "../schema-helpers";
import type { Transport } from "../transport";
import { PROPERTY_TYPES } from "./escrows";

export const LISTING_STATUSES = ["active", "pending", "sold", "withdrawn", "expired"] as const;

/** A listing (spec §2.9), with its read-only computed fields. Only `id` is required; unknown fields are kept. */
export const listingSchema = z.looseObject({
  id: z.string(),
  mls_number: maybeString,
  address: maybeString,
  city: maybeString,
  state: maybeString,
  zip_code: maybeString,
  list_price: maybeNumber,
  status: z.optional(z.nullable(openEnum(LISTING_STATUSES))),
  property_type: z.optional(z.nullable(openEnum(PROPERTY_TYPES))),
  bedrooms: maybeNumber,
  bathrooms: maybeNumber,
  square_feet: maybeNumber,
  lot_size: maybeNumber,
  year_built: maybeNumber,
  description: maybeString,
  showing_instructions: maybeString,
  listing_date: maybeString,
  expiration_date: maybeString,
  photos: maybeList(z.string()),
  virtual_tour_url: maybeString,
  days_on_market: maybeNumber,
  price_per_sqft: maybeNumber,
  version: maybeNumber,
  created_at: maybeString,
  updated_at: maybeString,
});
export type Listing = z.infer<typeof listingSchema>;

/** Writable listing fields (spec §2.9); `null` clears an optional one. */
export interface ListingInput {
  address?: string;
  /** > 0, and at most 10000 per square foot. */
  list_price?: number;
  mls_number?: string | null;
  city?: string | null;
  state?: string | null;
  zip_code?: string | null;
  status?: (typeof LISTING_STATUSES)[number];
  property_type?: (typeof PROPERTY_TYPES)[number] | null;
  bedrooms?: number | null;
  bathrooms?: number | null;
  square_feet?: number | null;
  /** Acres. */
  lot_size?: number | null;
  year_built?: number | null;
  description?: string | null;
  listing_date?: string | null;
  expiration_date?: string | null;
  photos?: string[] | null;
  virtual_tour_url?: string | null;
  showing_instructions?: string | null;
}

export interface ListingListQuery extends PageQuery {
  status?: string;
  /** Inclusive. */
  minPrice?: number;
  maxPrice?: number;
}

const listingList = pagedList("listings", listingSchema);
const path = (id: string) => `/listings/${encodeURIComponent(id)}`;

/** Listings (spec §2.9): API key `listings:*` or JWT. */
export function listingsApi(t: Transport) {
  return {
    /** `GET /listings`: `{listings, meta, stats}`. */
    list: async (query: ListingListQuery = {}) =>
      (
        await t.request({
          method: "GET",
          path: "/listings",
          query: { ...query },
          auth: "key-or-jwt",
          data: listingList,
        })
      ).data,
    create: async (body: ListingInput & Required<Pick<ListingInput, "address" | "list_price">>) =>
      (await t.request({ method: "POST", path: "/listings", body, auth: "key-or-jwt", data: listingSchema })).data,
    get: async (id: string) =>
      (await t.request({ method: "GET", path: path(id), auth: "key-or-jwt", data: listingSchema })).data,
    /** Partial update; pass `version` to fail with 409 `VERSION_CONFLICT` on a stale copy. */
    update: async (id: string, body: ListingInput & { version?: number }) =>
      (await t.request({ method: "PUT", path: path(id), body, auth: "key-or-jwt", data: listingSchema })).data,
    /** Hard delete; answers `{id}`. */
    delete: async (id: string) =>
      (await t.request({ method: "DELETE", path: path(id), auth: "key-or-jwt", data: deletedSchema })).data,
  };
}

export type ListingsApi = ReturnType<typeof listingsApi>;
