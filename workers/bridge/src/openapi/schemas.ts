import { appointmentSchema } from "@actuallycare/shared/client/groups/appointments";
import { clientSchema } from "@actuallycare/shared/client/groups/clients";
import { contactSchema } from "@actuallycare/shared/client/groups/contacts";
import { escrowSchema } from "@actuallycare/shared/client/groups/escrows";
import { leadSchema } from "@actuallycare/shared/client/groups/leads";
import { listingSchema } from "@actuallycare/shared/client/groups/listings";
import * as z from "@actuallycare/shared/zod";
import type { ActionName } from "../actions/action-schemas";
import type { SearchName } from "../searches/search-specs";

/** The error envelope every failure answers with (spec §1.4). */
export const errorEnvelopeSchema = z.object({
  success: z.literal(false),
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.optional(z.unknown()),
    errorId: z.string(),
    correlationId: z.string(),
  }),
  timestamp: z.string(),
});

/** What each action answers: the API's record (the client's response schemas, which keep unknown fields). */
export const ACTION_RESULTS: Record<ActionName, z.core.$ZodType> = {
  create_lead: leadSchema,
  update_lead: leadSchema,
  convert_lead: z.looseObject({ client_id: z.string(), client: clientSchema, lead: leadSchema }),
  create_client: clientSchema,
  update_client: clientSchema,
  create_contact: contactSchema,
  update_contact: contactSchema,
  find_or_create_contact: z.intersection(contactSchema, z.object({ created: z.boolean() })),
  create_appointment: appointmentSchema,
};

export const SEARCH_RESULTS: Record<SearchName, z.core.$ZodType> = {
  contact_by_email: contactSchema,
  contact_by_phone: contactSchema,
  client_by_email: clientSchema,
  lead_by_email: leadSchema,
  listing_by_mls_number: listingSchema,
  listing_by_address: listingSchema,
  escrow_by_address: escrowSchema,
  escrow_by_display_id: escrowSchema,
};

export const meSchema = z.object({
  token: z.object({ label: z.string(), scopes: z.array(z.enum(["read", "write"])) }),
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string() }),
  team: z.nullable(z.object({ id: z.string() })),
  connection_label: z.string(),
});

export const ingestResultSchema = z.union([
  z.object({ status: z.literal("logged"), cursor: z.number() }),
  z.object({ status: z.enum(["duplicate", "ignored"]) }),
]);

export const fieldInfoSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(["string", "number", "integer", "boolean", "datetime"]),
  required: z.boolean(),
  help_text: z.nullable(z.string()),
  choices_from: z.nullable(z.string()),
  choices: z.nullable(z.array(z.object({ id: z.string(), label: z.string() }))),
  allows_other: z.boolean(),
});

export const choiceSchema = z.object({ id: z.string(), label: z.string() });

export const healthSchema = z.object({
  success: z.literal(true),
  data: z.object({ name: z.string(), version: z.string(), ok: z.literal(true) }),
  timestamp: z.string(),
});

export const hookSchema = z.object({
  id: z.string(),
  event: z.string(),
  target_url: z.string(),
  filter: z.nullable(z.record(z.string(), z.unknown())),
  created_at: z.string(),
});
