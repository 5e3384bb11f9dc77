import type { Escrow } from "@actuallycare/shared/client/groups/escrows";
import { parseRecipients, type Recipient } from "../../workers/escrow-digest/src/config/recipients";

let n = 0;

/** An escrow record as the API returns it, with no key dates unless given. */
export function escrow(overrides: Partial<Escrow> = {}): Escrow {
  n += 1;
  const seq = String(100 + n).padStart(4, "0");
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    display_id: `ESC-2026-${seq}`,
    property_address: `${n} Test St, Tehachapi, CA 93561`,
    city: "Tehachapi",
    state: "CA",
    zip_code: "93561",
    purchase_price: 400_000,
    escrow_status: "active",
    representation_type: "buyer",
    earnest_money_deposit: 12_000,
    acceptance_date: null,
    emd_date: null,
    physical_inspection_date: null,
    appraisal_ordered_date: null,
    appraisal_completed_date: null,
    inspection_contingency_removal_date: null,
    appraisal_contingency_removal_date: null,
    loan_contingency_removal_date: null,
    all_contingencies_removal_date: null,
    closing_date: null,
    actual_coe_date: null,
    contingencies: [],
    is_archived: false,
    archived_at: null,
    version: 1,
    created_at: "2026-06-01T00:00:00.000Z",
    updated_at: "2026-06-01T00:00:00.000Z",
    ...overrides,
  } as Escrow;
}

export function recipient(overrides: Record<string, unknown> = {}): Recipient {
  const [r] = parseRecipients(
    JSON.stringify([
      { email: "jordan.lee@example.com", name: "Jordan Lee", timeZone: "America/Los_Angeles", ...overrides },
    ]),
  );
  return r as Recipient;
}

export const escrowUrl = (id: string) => `https://app.example.com/escrows/${encodeURIComponent(id)}`;
