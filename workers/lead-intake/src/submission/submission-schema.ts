import { LEAD_LIMITS } from "@actuallycare/shared/client/groups/leads";
import * as z from "@actuallycare/shared/zod";
import type { FormConfig } from "../config/forms";

/** The API's lead timelines (spec §2.8). */
export const TIMELINES = ["ASAP", "1-3 months", "3-6 months", "6+ months"] as const;
const text = (max: number) =>
  z.optional(
    z.pipe(
      z.string().check(z.trim(), z.maxLength(max, `Must be at most ${max} characters`)),
      z.transform((s: string) => (s === "" ? undefined : s)),
    ),
  );

/** Form values arrive as strings (form posts) or JSON; both read the same way. */
const budget = z.pipe(
  z.transform((v: unknown) => {
    if (typeof v !== "string") return v;
    const digits = v.replace(/[$,\s]/g, "");
    return digits === "" ? undefined : Number(digits);
  }),
  z.optional(z.number({ message: "Expected an amount" }).check(z.gte(0, "Budget must be at least 0"))),
);

const submissionId = z.uuid("Expected a submission id (UUID)");

/** Whether a value is a submission id the schema takes (a re-rendered form keeps only such an id). */
export const isSubmissionId = (v: unknown): v is string => submissionId.safeParse(v).success;

/**
 * A submission's fields (README, "Submission contract"); the same rules drive the inline messages. What the
 * visitor writes that the lead carries as is (name, phone, message) is held to the API's own limits, so whatever
 * this schema accepts becomes a lead the API accepts. `started_at` is not a field: it is a signed token, checked
 * before (defences.ts), and not part of the submission (an older message that carries it has it dropped).
 */
export function submissionSchema(form: FormConfig) {
  let schema = schemas.get(form);
  if (!schema) {
    schema = buildSchema(form);
    schemas.set(form, schema);
  }
  return schema;
}

/** Built once per form config (a config is parsed once per isolate): building costs ten times a parse. */
const schemas = new WeakMap<FormConfig, ReturnType<typeof buildSchema>>();

function buildSchema(form: FormConfig) {
  return z
    .object({
      submission_id: submissionId,
      name: z
        .string({ message: "Please enter your name" })
        .check(
          z.trim(),
          z.minLength(1, "Please enter your name"),
          z.maxLength(LEAD_LIMITS.name, `Must be at most ${LEAD_LIMITS.name} characters`),
        ),
      email: z.optional(
        z.pipe(
          z.pipe(
            z.string().check(z.trim(), z.toLowerCase()),
            z.transform((s: string) => (s === "" ? undefined : s)),
          ),
          z.optional(z.email("Please enter a valid email address")),
        ),
      ),
      phone: z.pipe(
        text(LEAD_LIMITS.phone),
        z.optional(z.string().check(z.regex(/^[+()\d\s.-]{7,40}$/, "Please enter a valid phone number"))),
      ),
      message: text(LEAD_LIMITS.message),
      // A select left at "Choose…" posts an empty string: that is no answer, not a wrong one.
      timeline: z.pipe(
        z.transform((v: unknown) => (v === "" ? undefined : v)),
        z.optional(z.enum(TIMELINES, { message: `Choose one of: ${TIMELINES.join(", ")}` })),
      ),
      budget,
      property_address: text(500),
      listing_id: text(100),
      mls_number: text(50),
      consent: z.optional(z.union([z.boolean(), z.literal("on"), z.literal("true")])),
      utm_source: text(200),
      utm_medium: text(200),
      utm_campaign: text(200),
      utm_term: text(200),
      utm_content: text(200),
      referrer: text(2000),
      landing_page: text(2000),
    })
    .check(
      z.superRefine((s, ctx) => {
        if (!s.email && !s.phone)
          ctx.addIssue({ code: "custom", path: ["email"], message: "Please enter an email address or a phone number" });
        if (form.consentText && !s.consent)
          ctx.addIssue({ code: "custom", path: ["consent"], message: "Please tick the box to agree" });
        if (form.intent === "seller" && !s.property_address) {
          ctx.addIssue({ code: "custom", path: ["property_address"], message: "Please enter the property's address" });
        }
      }),
    );
}

export type Submission = z.infer<ReturnType<typeof submissionSchema>>;
