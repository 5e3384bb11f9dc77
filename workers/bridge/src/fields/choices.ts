import { APPOINTMENT_STATUSES, APPOINTMENT_TYPES } from "@actuallycare/shared/client/groups/appointments";
import { CLIENT_STATUSES, CLIENT_TYPES } from "@actuallycare/shared/client/groups/client-schema";
import { CONTACT_TYPES } from "@actuallycare/shared/client/groups/contacts";
import { ESCROW_STATUSES, PROPERTY_TYPES } from "@actuallycare/shared/client/groups/escrows";
import { LEAD_STATUSES } from "@actuallycare/shared/client/groups/leads";
import { LISTING_STATUSES } from "@actuallycare/shared/client/groups/listings";
import * as z from "@actuallycare/shared/zod";

/** The writable lead statuses: `converted` happens only through the convert action (spec §2.8). */
const WRITABLE_LEAD_STATUSES = LEAD_STATUSES.filter((s) => s !== "converted") as [string, ...string[]];

/**
 * Every dropdown the bridge offers, each the very enum schema the action inputs validate with (or, for free-text
 * fields such as a lead's source, the suggestions the API documents), so a dropdown never offers a value the
 * validation refuses.
 */
export const CHOICE_SCHEMAS = {
  lead_statuses: z.enum(WRITABLE_LEAD_STATUSES),
  lead_types: z.enum(["buyer", "seller", "both"]),
  interest_levels: z.enum(["hot", "warm", "cold"]),
  client_types: z.enum(CLIENT_TYPES),
  client_statuses: z.enum(CLIENT_STATUSES),
  contact_types: z.enum(CONTACT_TYPES),
  appointment_types: z.enum(APPOINTMENT_TYPES),
  appointment_statuses: z.enum(APPOINTMENT_STATUSES),
  escrow_statuses: z.enum(ESCROW_STATUSES),
  listing_statuses: z.enum(LISTING_STATUSES),
  property_types: z.enum(PROPERTY_TYPES),
} as const;

/** Free-text fields with documented suggestions (spec §2.8): any value is accepted. */
export const SUGGESTIONS = {
  lead_sources: ["Website Form", "Zillow", "Referral", "Open House", "Realtor.com", "Facebook Ad"],
  lead_timelines: ["ASAP", "1-3 months", "3-6 months", "6+ months"],
} as const;

export type ChoiceName = keyof typeof CHOICE_SCHEMAS | keyof typeof SUGGESTIONS;
export const CHOICE_NAMES = [...Object.keys(CHOICE_SCHEMAS), ...Object.keys(SUGGESTIONS)] as ChoiceName[];

export interface Choice {
  id: string;
  label: string;
}

/** `new` → "New", `title_officer` → "Title officer". */
const labelOf = (value: string) => {
  const words = value.replace(/_/g, " ");
  return words === words.toLowerCase() ? words.charAt(0).toUpperCase() + words.slice(1) : words;
};

/** A dropdown's entries, read from its schema's JSON Schema `enum` (the validation's own list). */
export function choicesOf(name: string): Choice[] | null {
  if (name in SUGGESTIONS) return SUGGESTIONS[name as keyof typeof SUGGESTIONS].map((v) => ({ id: v, label: v }));
  const schema = CHOICE_SCHEMAS[name as keyof typeof CHOICE_SCHEMAS];
  if (!schema) return null;
  const values = (z.toJSONSchema(schema) as { enum?: string[] }).enum ?? [];
  return values.map((v) => ({ id: v, label: labelOf(v) }));
}
