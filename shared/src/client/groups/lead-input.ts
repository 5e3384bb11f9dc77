import * as z from "../../zod";
import { LEAD_LIMITS } from "./leads";

// Its own module, so that a worker that only sends leads (createTransport + leadsApi) does not bundle it.
const upTo = (max: number) => z.string().check(z.trim(), z.maxLength(max, `Must be at most ${max} characters`));
const maybeUpTo = (max: number) => z.optional(z.nullable(upTo(max)));
const isoDateTime = z
  .string()
  .check(
    z.refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), "Expected an ISO-8601 date-time"),
  );

/**
 * What `POST /leads` accepts (spec §2.8), field by field, with the API's own rules: strings are trimmed before
 * their length is checked, `email` must be an email, `budget` a number ≥ 0, `name` present and not blank. Use it
 * to check a lead before sending it (an answer of 400 after a visitor was told "received" is a lost lead).
 */
export const leadInputSchema = z.object({
  name: z
    .string({ message: "Name is required" })
    .check(
      z.trim(),
      z.minLength(1, "Name is required"),
      z.maxLength(LEAD_LIMITS.name, `Must be at most ${LEAD_LIMITS.name} characters`),
    ),
  first_name: z.optional(z.string()),
  last_name: z.optional(z.string()),
  email: z.optional(z.nullable(z.string().check(z.trim(), z.email("Invalid email")))),
  phone: maybeUpTo(LEAD_LIMITS.phone),
  source: maybeUpTo(LEAD_LIMITS.source),
  // `converted` only through `/convert`.
  status: z.optional(z.enum(["new", "contacted", "qualified", "unqualified", "lost"])),
  lead_type: z.optional(z.nullable(z.enum(["buyer", "seller", "both"]))),
  interest_level: z.optional(z.nullable(z.enum(["hot", "warm", "cold"]))),
  budget: z.optional(z.nullable(z.number().check(z.gte(0, "Budget must be at least 0")))),
  timeline: maybeUpTo(LEAD_LIMITS.timeline),
  property_interest: maybeUpTo(LEAD_LIMITS.property_interest),
  message: maybeUpTo(LEAD_LIMITS.message),
  notes: maybeUpTo(LEAD_LIMITS.notes),
  assigned_agent_id: z.optional(z.uuid("Expected a user id")),
  next_follow_up: z.optional(z.nullable(isoDateTime)),
  last_contact_date: z.optional(z.nullable(isoDateTime)),
});
