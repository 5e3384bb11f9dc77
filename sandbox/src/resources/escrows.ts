import { validationError } from "../http/api-error";
import { EMD_OVER_PRICE, type EscrowInput } from "./escrow-input";
import { type Escrow, KEY_DATES, type KeyDate } from "./escrow-record";
import { withoutUndefined } from "./leads";

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
