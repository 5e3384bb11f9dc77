import { z } from "zod";
import { type FieldProblem, validationError } from "../http/api-error";
import { email, isoDate, lowerEnum, money, problemsOf } from "../http/validate";
import { withoutUndefined } from "./leads";

export const ESCROW_STATUSES = ["active", "pending", "closed", "cancelled"] as const;
export const REPRESENTATION_TYPES = ["buyer", "seller", "dual"] as const;
export const PROPERTY_TYPES = ["single_family", "condo", "townhouse", "multi_family", "land", "commercial"] as const;
export const CONTINGENCY_STATUSES = ["pending", "satisfied", "waived", "removed"] as const;
export const COMMISSION_TYPES = ["percentage", "flat"] as const;
export const MAX_PARTIES = 6;

/** The key dates, all `YYYY-MM-DD` or null (spec §2.7). */
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

export interface Party {
  name: string;
  email: string | null;
  phone: string | null;
}

export interface Contingency {
  type: string;
  due_date: string | null;
  status: (typeof CONTINGENCY_STATUSES)[number];
}

/** A row of a custom timeline stored on the record, returned as is by `/timeline`. */
export interface TimelineEntry {
  label: string;
  date: string | null;
  completed: boolean;
}

/** The escrow record as the API returns it (spec §2.7). */
export type Escrow = {
  id: string;
  display_id: string;
  escrow_number: string;
  property_address: string;
  display_address: string | null;
  city: string | null;
  state: string | null;
  zip_code: string | null;
  property_type: (typeof PROPERTY_TYPES)[number] | null;
  purchase_price: number | null;
  escrow_status: (typeof ESCROW_STATUSES)[number];
  /** Read-only alias of `escrow_status`, so event payloads carry it. */
  status: (typeof ESCROW_STATUSES)[number];
  representation_type: (typeof REPRESENTATION_TYPES)[number];
  earnest_money_deposit: number | null;
  contingencies: Contingency[];
  buyers: Party[];
  sellers: Party[];
  escrow_company: string | null;
  escrow_officer_name: string | null;
  escrow_officer_email: string | null;
  escrow_officer_phone: string | null;
  title_company: string | null;
  loan_officer_name: string | null;
  lead_source: string | null;
  commission_percentage: number | null;
  commission_type: (typeof COMMISSION_TYPES)[number] | null;
  gross_commission: number | null;
  net_commission: number | null;
  notes: string | null;
  timeline: TimelineEntry[] | null;
  is_archived: boolean;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  last_modified_by: string;
} & Record<KeyDate, string | null>;

const text = (max: number) => z.string({ message: "Expected a string" }).max(max, `Must be at most ${max} characters`);
const amount = (label: string) => money.pipe(z.number().min(0, `${label} must be at least 0`));

const party = z
  .object(
    {
      name: z
        .string({ message: "Name is required" })
        .min(1, "Name is required")
        .max(200, "Must be at most 200 characters"),
      email: email.nullable().optional(),
      phone: text(40).nullable().optional(),
    },
    { message: "Expected an object {name, email, phone}" },
  )
  .transform((p): Party => ({ name: p.name, email: p.email ?? null, phone: p.phone ?? null }));

const parties = (label: string) =>
  z
    .array(party, { message: "Expected an array" })
    .max(MAX_PARTIES, `At most ${MAX_PARTIES} ${label}`)
    .nullable()
    .transform((v) => v ?? []);

const contingency = z
  .object(
    {
      type: z
        .string({ message: "Type is required" })
        .min(1, "Type is required")
        .max(100, "Must be at most 100 characters"),
      due_date: isoDate.nullable().optional(),
      status: lowerEnum(CONTINGENCY_STATUSES).optional(),
    },
    { message: "Expected an object {type, due_date, status}" },
  )
  .transform((c): Contingency => ({ type: c.type, due_date: c.due_date ?? null, status: c.status ?? "pending" }));

const timelineEntry = z
  .object({
    label: text(200).min(1, "Label is required"),
    date: isoDate.nullable().optional(),
    completed: z.boolean().optional(),
  })
  .transform((t): TimelineEntry => ({ label: t.label, date: t.date ?? null, completed: t.completed ?? false }));

const dates = Object.fromEntries(KEY_DATES.map((d) => [d, isoDate.nullable()])) as Record<
  KeyDate,
  z.ZodNullable<typeof isoDate>
>;

/** Writable fields; every one optional, and `null` clears the optional ones. */
const writable = {
  property_address: z
    .string({ message: "Property address is required" })
    .min(1, "Property address is required")
    .max(500, "Must be at most 500 characters"),
  display_address: text(500).nullable(),
  city: text(100).nullable(),
  state: text(50).nullable(),
  zip_code: text(20).nullable(),
  property_type: lowerEnum(PROPERTY_TYPES).nullable(),
  purchase_price: money.pipe(z.number().gt(0, "Purchase price must be greater than 0")).nullable(),
  escrow_status: lowerEnum(ESCROW_STATUSES),
  representation_type: lowerEnum(REPRESENTATION_TYPES),
  earnest_money_deposit: amount("Earnest money deposit").nullable(),
  ...dates,
  contingencies: z
    .array(contingency, { message: "Expected an array" })
    .max(30, "At most 30 contingencies")
    .nullable()
    .transform((v) => v ?? []),
  buyers: parties("buyers"),
  sellers: parties("sellers"),
  escrow_company: text(200).nullable(),
  escrow_officer_name: text(200).nullable(),
  escrow_officer_email: email.nullable(),
  escrow_officer_phone: text(40).nullable(),
  title_company: text(200).nullable(),
  loan_officer_name: text(200).nullable(),
  lead_source: text(100).nullable(),
  commission_percentage: money.pipe(z.number().min(0, "Must be at least 0").max(100, "Must be at most 100")).nullable(),
  commission_type: lowerEnum(COMMISSION_TYPES).nullable(),
  gross_commission: amount("Gross commission").nullable(),
  net_commission: amount("Net commission").nullable(),
  notes: text(10000).nullable(),
  timeline: z.array(timelineEntry, { message: "Expected an array" }).max(50, "At most 50 entries").nullable(),
};

/**
 * Accepted aliases: `earnest_money` for `earnest_money_deposit` (spec §2.7) and
 * `status` for `escrow_status` (sandbox choice); the canonical name wins when both are sent.
 */
function resolveAliases(raw: unknown): unknown {
  const b = { ...(raw as Record<string, unknown>) };
  if (b.earnest_money_deposit === undefined && b.earnest_money !== undefined) b.earnest_money_deposit = b.earnest_money;
  if (b.escrow_status === undefined && b.status !== undefined) b.escrow_status = b.status;
  delete b.earnest_money;
  delete b.status;
  return b;
}

export const createEscrowSchema = z.preprocess(
  resolveAliases,
  z.object(writable).partial().required({ property_address: true }),
);
export const updateEscrowSchema = z.preprocess(
  resolveAliases,
  z.object({ ...writable, version: z.number({ message: "Expected an integer" }).int().positive() }).partial(),
);

export type EscrowInput = z.infer<typeof updateEscrowSchema>;

const EMD_OVER_PRICE: FieldProblem = {
  field: "earnest_money_deposit",
  message: "Earnest money deposit cannot exceed the purchase price",
};

/** The EMD rule on a raw body, when both fields are valid on their own (else they are reported already). */
function emdProblems(raw: unknown): FieldProblem[] {
  const b = resolveAliases(raw) as Record<string, unknown>;
  const price = writable.purchase_price.safeParse(b.purchase_price);
  const emd = writable.earnest_money_deposit.safeParse(b.earnest_money_deposit);
  if (!price.success || !emd.success || price.data === null || emd.data === null) return [];
  return emd.data > price.data ? [EMD_OVER_PRICE] : [];
}

/**
 * `POST /escrows` input. zod skips cross-field rules once a field fails, so the
 * EMD rule is added by hand: every problem is reported at once (spec §4.5).
 */
export function parseCreateEscrow(raw: unknown): z.infer<typeof createEscrowSchema> {
  const result = createEscrowSchema.safeParse(raw);
  if (result.success) return result.data;
  throw validationError([...problemsOf(result.error), ...emdProblems(raw)]);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Derived fields and cross-field rules, applied to every written record:
 * `status` mirrors `escrow_status`; a percentage commission's gross is price × rate
 * (a flat one keeps the amount sent); EMD may not exceed the price.
 */
export function finishEscrow(e: Escrow): Escrow {
  if (e.earnest_money_deposit !== null && e.purchase_price !== null && e.earnest_money_deposit > e.purchase_price) {
    throw validationError([EMD_OVER_PRICE]);
  }
  const byRate = e.commission_type !== "flat" && e.commission_percentage !== null && e.purchase_price !== null;
  return {
    ...e,
    status: e.escrow_status,
    gross_commission: byRate
      ? round2(((e.purchase_price as number) * (e.commission_percentage as number)) / 100)
      : e.gross_commission,
  };
}

/** A full record from validated input; the seeder builds fixtures with the same function. */
export function buildEscrow(
  id: string,
  displayId: string,
  input: EscrowInput & { property_address: string },
  userId: string,
  nowIso: string,
): Escrow {
  const { version: _ignored, ...fields } = withoutUndefined(input);
  const base: Omit<
    Escrow,
    "id" | "display_id" | "escrow_number" | "version" | "created_at" | "updated_at" | "last_modified_by"
  > = {
    property_address: input.property_address,
    display_address: null,
    city: null,
    state: null,
    zip_code: null,
    property_type: null,
    purchase_price: null,
    escrow_status: "pending",
    status: "pending",
    representation_type: "buyer",
    earnest_money_deposit: null,
    ...(Object.fromEntries(KEY_DATES.map((d) => [d, null])) as Record<KeyDate, null>),
    contingencies: [],
    buyers: [],
    sellers: [],
    escrow_company: null,
    escrow_officer_name: null,
    escrow_officer_email: null,
    escrow_officer_phone: null,
    title_company: null,
    loan_officer_name: null,
    lead_source: null,
    commission_percentage: null,
    commission_type: null,
    gross_commission: null,
    net_commission: null,
    notes: null,
    timeline: null,
    is_archived: false,
    archived_at: null,
    ...fields,
  };
  return finishEscrow({
    id,
    display_id: displayId,
    escrow_number: displayId,
    ...base,
    version: 1,
    created_at: nowIso,
    updated_at: nowIso,
    last_modified_by: userId,
  } as Escrow);
}

export const DISPLAY_ID = /^ESC-\d{4}-\d{4,}$/i;

export function displayId(year: number, n: number): string {
  return `ESC-${year}-${String(n).padStart(4, "0")}`;
}
