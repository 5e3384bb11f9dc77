import * as z from "zod";
import { type FieldProblem, validationError } from "../http/api-error";
import { email, isoDate, lowerEnum, money, problemsOf } from "../http/validate";
import {
  COMMISSION_TYPES,
  CONTINGENCY_STATUSES,
  type Contingency,
  ESCROW_STATUSES,
  KEY_DATES,
  type KeyDate,
  MAX_PARTIES,
  type Party,
  PROPERTY_TYPES,
  REPRESENTATION_TYPES,
  type TimelineEntry,
} from "./escrow-record";

// What clients may write to an escrow (spec §2.7), validated with every problem reported at once.

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

export const EMD_OVER_PRICE: FieldProblem = {
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
