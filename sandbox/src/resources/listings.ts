import * as z from "zod";
import { type FieldProblem, validationError } from "../http/api-error";
import { isoDate, lowerEnum, money, problemsOf } from "../http/validate";
import { PROPERTY_TYPES } from "./escrow-record";
import { withoutUndefined } from "./leads";

export const LISTING_STATUSES = ["active", "pending", "sold", "withdrawn", "expired"] as const;
/** A listing whose price per square foot exceeds this is rejected (spec §2.9). */
export const MAX_PRICE_PER_SQFT = 10_000;

/** The listing as stored: everything but the computed fields. */
export interface StoredListing {
  id: string;
  mls_number: string | null;
  address: string;
  city: string | null;
  state: string | null;
  zip_code: string | null;
  list_price: number;
  status: (typeof LISTING_STATUSES)[number];
  property_type: (typeof PROPERTY_TYPES)[number] | null;
  bedrooms: number | null;
  bathrooms: number | null;
  square_feet: number | null;
  lot_size: number | null;
  year_built: number | null;
  description: string | null;
  showing_instructions: string | null;
  listing_date: string | null;
  expiration_date: string | null;
  photos: string[];
  virtual_tour_url: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The listing record as the API returns it (spec §2.9), with its read-only computed fields. */
export interface Listing extends StoredListing {
  days_on_market: number;
  price_per_sqft: number | null;
}

const text = (max: number) => z.string({ message: "Expected a string" }).max(max, `Must be at most ${max} characters`);
const url = z.string({ message: "Expected a URL" }).url("Expected a URL").max(2000, "Must be at most 2000 characters");
const int = (message: string) =>
  money.pipe(z.number().int("Expected an integer")).pipe(z.number().refine(() => true, message));

/** Writable fields; `year_built`'s upper bound moves with the sandbox clock. */
function writable(currentYear: number) {
  return {
    address: z
      .string({ message: "Address is required" })
      .min(1, "Address is required")
      .max(500, "Must be at most 500 characters"),
    list_price: z
      .any()
      .refine((v) => v !== undefined && v !== null, "List price is required")
      .pipe(money.pipe(z.number().gt(0, "List price must be greater than 0"))),
    mls_number: text(50).nullable(),
    city: text(100).nullable(),
    state: text(50).nullable(),
    zip_code: text(20).nullable(),
    status: lowerEnum(LISTING_STATUSES),
    property_type: lowerEnum(PROPERTY_TYPES).nullable(),
    bedrooms: int("bedrooms")
      .pipe(z.number().min(0, "Bedrooms must be between 0 and 20").max(20, "Bedrooms must be between 0 and 20"))
      .nullable(),
    bathrooms: money.pipe(z.number().min(0, "Bathrooms must be at least 0")).nullable(),
    square_feet: int("square_feet").pipe(z.number().gt(0, "Square feet must be greater than 0")).nullable(),
    lot_size: money.pipe(z.number().min(0, "Lot size must be at least 0")).nullable(),
    year_built: int("year_built")
      .pipe(
        z
          .number()
          .min(1800, `Year built must be between 1800 and ${currentYear + 2}`)
          .max(currentYear + 2, `Year built must be between 1800 and ${currentYear + 2}`),
      )
      .nullable(),
    description: text(10000).nullable(),
    showing_instructions: text(2000).nullable(),
    listing_date: isoDate.nullable(),
    expiration_date: isoDate.nullable(),
    photos: z
      .array(url, { message: "Expected an array of URLs" })
      .max(100, "At most 100 photos")
      .nullable()
      .transform((v) => v ?? []),
    virtual_tour_url: url.nullable(),
  };
}

export function createListingSchema(currentYear: number) {
  return z.object(writable(currentYear)).partial().required({ address: true, list_price: true });
}

export function updateListingSchema(currentYear: number) {
  const w = writable(currentYear);
  return z
    .object({
      ...w,
      list_price: money.pipe(z.number().gt(0, "List price must be greater than 0")),
      version: z.number().int().positive(),
    })
    .partial();
}

export type ListingInput = z.infer<ReturnType<typeof updateListingSchema>>;

const PRICE_PER_SQFT_TOO_HIGH: FieldProblem = {
  field: "list_price",
  message: `Price per square foot (list_price / square_feet) must be at most ${MAX_PRICE_PER_SQFT}`,
};

/** The cross-field rule, checked on every written record. */
export function checkListing(l: StoredListing): StoredListing {
  if (l.square_feet !== null && l.list_price / l.square_feet > MAX_PRICE_PER_SQFT) {
    throw validationError([PRICE_PER_SQFT_TOO_HIGH]);
  }
  return l;
}

/** The price-per-sqft rule on a raw body, when both fields are valid on their own (else they are reported already). */
function pricePerSqftProblems(raw: unknown, currentYear: number): FieldProblem[] {
  const w = writable(currentYear);
  const b = raw as Record<string, unknown>;
  const price = w.list_price.safeParse(b.list_price);
  const sqft = w.square_feet.safeParse(b.square_feet);
  if (!price.success || !sqft.success || sqft.data === null) return [];
  return price.data / sqft.data > MAX_PRICE_PER_SQFT ? [PRICE_PER_SQFT_TOO_HIGH] : [];
}

/**
 * `POST /listings` input. zod skips cross-field rules once a field fails, so the
 * price-per-sqft rule is added by hand: every problem is reported at once (spec §4.5).
 */
export function parseCreateListing(raw: unknown, currentYear: number): z.infer<ReturnType<typeof createListingSchema>> {
  const result = createListingSchema(currentYear).safeParse(raw);
  if (result.success) return result.data;
  throw validationError([...problemsOf(result.error), ...pricePerSqftProblems(raw, currentYear)]);
}

/**
 * Adds the computed fields: days on market from `listing_date` (else
 * `created_at`) to the sandbox's now, never negative; price per square foot
 * to 2 decimals, or null without a floor area.
 */
export function presentListing(l: StoredListing, nowMs: number): Listing {
  const start = l.listing_date ? Date.parse(`${l.listing_date}T00:00:00.000Z`) : Date.parse(l.created_at);
  return {
    ...l,
    days_on_market: Math.max(0, Math.floor((nowMs - start) / 86_400_000)),
    price_per_sqft: l.square_feet ? Math.round((l.list_price / l.square_feet) * 100) / 100 : null,
  };
}

/** A stored listing from validated input; the seeder builds fixtures with the same function. */
export function buildListing(
  id: string,
  input: ListingInput & { address: string; list_price: number },
  nowIso: string,
): StoredListing {
  const { version: _ignored, ...fields } = withoutUndefined(input);
  return checkListing({
    id,
    mls_number: null,
    city: null,
    state: null,
    zip_code: null,
    status: "active",
    property_type: null,
    bedrooms: null,
    bathrooms: null,
    square_feet: null,
    lot_size: null,
    year_built: null,
    description: null,
    showing_instructions: null,
    listing_date: null,
    expiration_date: null,
    photos: [],
    virtual_tour_url: null,
    ...fields,
    address: input.address,
    list_price: input.list_price,
    version: 1,
    created_at: nowIso,
    updated_at: nowIso,
  });
}
