// The escrow record and its enums (spec §2.7).

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
