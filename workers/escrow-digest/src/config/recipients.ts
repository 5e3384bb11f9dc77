import * as z from "@actuallycare/shared/zod";

// Self-contained (only the shared zod import): check:config loads this file in Node, whose type stripping
// does not resolve extensionless relative imports.

/** Whether `Intl` knows the zone: an IANA name such as `America/Los_Angeles`, or `UTC` (not `PST`, not `+02:00`). */
export function isTimeZone(name: string): boolean {
  if (!name.includes("/") && name !== "UTC") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

/** `daily`, `weekdays` (Monday to Friday in the recipient's zone) or `weekly:<day>`, e.g. `weekly:monday`. */
const cadence = z
  .string()
  .check(
    z.refine(
      (s) => s === "daily" || s === "weekdays" || WEEKDAYS.some((d) => s === `weekly:${d}`),
      "Expected daily, weekdays or weekly:<day> (weekly:monday … weekly:sunday)",
    ),
  );

/** A field filter: the escrow's field equals the value, or one of the values (strings compare case-insensitively). */
const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);

/** Which escrows a recipient sees, among those the API credential can see. */
const escrowFilter = z.object({
  /** Escrow statuses to include; the digest is about open deals. */
  status: z._default(z.array(z.enum(["active", "pending"])).check(z.minLength(1)), ["active", "pending"]),
  /** Field equality filters on the escrow record, all of which must hold, e.g. `{"representation_type":"buyer"}`. */
  match: z.optional(
    z.record(z.string().check(z.regex(/^[a-z][a-z0-9_]*$/, "Expected a snake_case field name")), fieldValue),
  ),
});

/** One recipient of the digest (README, "Configuration"). */
export const recipientSchema = z.object({
  email: z.email(),
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  timeZone: z.string().check(z.refine(isTimeZone, "Expected an IANA time zone such as America/Los_Angeles")),
  /** Local time of day, 24-hour `HH:MM`. */
  sendAt: z._default(
    z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Expected a 24-hour time such as 07:00")),
    "07:00",
  ),
  cadence: z._default(cadence, "weekdays"),
  escrows: z._default(escrowFilter, { status: ["active", "pending"] }),
  /** A day with nothing due: no email (`skip`), or a one-line all-clear. */
  whenNothingDue: z._default(z.enum(["skip", "all-clear"]), "skip"),
});
export type Recipient = z.infer<typeof recipientSchema>;

export const recipientsSchema = z.array(recipientSchema).check(
  z.minLength(1),
  z.maxLength(1000),
  z.refine(
    (rs) => new Set(rs.map((r) => r.email.toLowerCase())).size === rs.length,
    "Recipient emails must be unique (case-insensitive)",
  ),
);

/** Parses the RECIPIENTS var; a bad config throws with every problem named. */
export function parseRecipients(json: string): Recipient[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("RECIPIENTS is not valid JSON");
  }
  const result = z.safeParse(recipientsSchema, raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "RECIPIENTS"}: ${i.message}`);
    throw new Error(`RECIPIENTS is invalid: ${problems.join("; ")}`);
  }
  return result.data;
}
