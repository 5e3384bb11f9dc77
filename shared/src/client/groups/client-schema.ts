import * as z from "zod";
import { nullableNumber, nullableString, openEnum } from "../schema-helpers";

export const CLIENT_TYPES = ["buyer", "seller", "both"] as const;
export const CLIENT_STATUSES = ["active", "inactive", "closed"] as const;

/** `property_preferences` of a client (spec §2.5). */
export const propertyPreferencesSchema = z.looseObject({
  bedrooms_min: nullableNumber.optional(),
  bathrooms_min: nullableNumber.optional(),
  square_feet_min: nullableNumber.optional(),
  property_types: z.array(z.string()).optional(),
});

/**
 * A client (spec §2.5). In its own module because lead conversion returns one
 * too, so `leadsApi` can use it without pulling in the clients group.
 */
export const clientSchema = z.looseObject({
  id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  email: nullableString,
  phone: nullableString,
  source: nullableString,
  client_type: openEnum(CLIENT_TYPES),
  status: openEnum(CLIENT_STATUSES),
  budget_min: nullableNumber,
  budget_max: nullableNumber,
  property_preferences: propertyPreferencesSchema.nullable().optional(),
  preferred_locations: z.array(z.string()).optional(),
  pre_approved: z.boolean().optional(),
  pre_approval_amount: nullableNumber.optional(),
  notes: nullableString.optional(),
  tags: z.array(z.string()).optional(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Client = z.infer<typeof clientSchema>;
