import * as z from "../../zod";
import { nullableNumber, nullableString, openEnum } from "../schema-helpers";

export const CLIENT_TYPES = ["buyer", "seller", "both"] as const;
export const CLIENT_STATUSES = ["active", "inactive", "closed"] as const;

/** `property_preferences` of a client (spec §2.5). */
export const propertyPreferencesSchema = z.looseObject({
  bedrooms_min: z.optional(nullableNumber),
  bathrooms_min: z.optional(nullableNumber),
  square_feet_min: z.optional(nullableNumber),
  property_types: z.optional(z.array(z.string())),
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
  property_preferences: z.optional(z.nullable(propertyPreferencesSchema)),
  preferred_locations: z.optional(z.array(z.string())),
  pre_approved: z.optional(z.boolean()),
  pre_approval_amount: z.optional(nullableNumber),
  notes: z.optional(nullableString),
  tags: z.optional(z.array(z.string())),
  version: z.int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Client = z.infer<typeof clientSchema>;
