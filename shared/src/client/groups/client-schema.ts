import * as z from "../../zod";
import { maybeBoolean, maybeList, maybeNumber, maybeString, openEnum } from "../schema-helpers";

export const CLIENT_TYPES = ["buyer", "seller", "both"] as const;
export const CLIENT_STATUSES = ["active", "inactive", "closed"] as const;

/** `property_preferences` of a client (spec §2.5). */
export const propertyPreferencesSchema = z.looseObject({
  bedrooms_min: maybeNumber,
  bathrooms_min: maybeNumber,
  square_feet_min: maybeNumber,
  property_types: maybeList(z.string()),
});

/**
 * A client (spec §2.5); only `id` is required. In its own module because lead conversion returns one
 * too, so `leadsApi` can use it without pulling in the clients group.
 */
export const clientSchema = z.looseObject({
  id: z.string(),
  first_name: maybeString,
  last_name: maybeString,
  email: maybeString,
  phone: maybeString,
  source: maybeString,
  client_type: z.optional(z.nullable(openEnum(CLIENT_TYPES))),
  status: z.optional(z.nullable(openEnum(CLIENT_STATUSES))),
  budget_min: maybeNumber,
  budget_max: maybeNumber,
  property_preferences: z.optional(z.nullable(propertyPreferencesSchema)),
  preferred_locations: maybeList(z.string()),
  pre_approved: maybeBoolean,
  pre_approval_amount: maybeNumber,
  notes: maybeString,
  tags: maybeList(z.string()),
  version: maybeNumber,
  created_at: maybeString,
  updated_at: maybeString,
});
export type Client = z.infer<typeof clientSchema>;
