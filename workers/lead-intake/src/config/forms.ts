import * as z from "@actuallycare/shared/zod";

/** What a form collects and why: each intent maps to lead fields (README, "From submission to lead"). */
export const INTENTS = ["buyer", "seller", "property", "open_house"] as const;
export type Intent = (typeof INTENTS)[number];

/** Optional fields a form may show; name, email and phone are always there. */
export const OPTIONAL_FIELDS = ["timeline", "budget", "property_address", "message"] as const;
export type OptionalField = (typeof OPTIONAL_FIELDS)[number];

const origin = z
  .string()
  .check(
    z.refine((s) => URL.canParse(s) && new URL(s).origin === s, "Expected an origin such as https://agent.example.com"),
  );
/** A string of `min` to `max` characters. */
const sized = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

/** One form of this deployment. */
export const formSchema = z.object({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "Form ids are lower-case letters, digits and dashes")),
  intent: z.enum(INTENTS),
  /** The lead's `source` label, e.g. "Website Form". */
  source: z._default(sized(1, 100), "Website Form"),
  allowedOrigins: z.array(origin).check(z.minLength(1)),
  thankYouUrl: z.optional(z.url()),
  assignedAgentId: z.optional(z.uuid()),
  /** When set, the form shows a required consent checkbox with exactly this text, recorded with the lead. */
  consentText: z.optional(sized(1, 1000)),
  /** The heading above the form; each intent has a default. */
  title: z.optional(sized(1, 120)),
  /** Which optional fields to show, in order; each intent has a default (README, "Forms configuration"). */
  fields: z.optional(
    z.array(z.enum(OPTIONAL_FIELDS)).check(z.refine((f) => new Set(f).size === f.length, "Fields must not repeat")),
  ),
  /** Cloudflare Turnstile's site key; when set, the form carries the widget and the server verifies every token. */
  turnstileSiteKey: z.optional(sized(1, 100)),
  /** Two submissions from one email or phone within this window make one lead. */
  dedupeWindowHours: z._default(z.int().check(z.gte(0), z.lte(720)), 24),
  /** Faster than this from render to submit is a bot. */
  minSubmitMs: z._default(z.int().check(z.gte(0), z.lte(60_000)), 2000),
});
export type FormConfig = z.infer<typeof formSchema>;

export const formsSchema = z.array(formSchema).check(
  z.minLength(1),
  z.refine((forms) => new Set(forms.map((f) => f.id)).size === forms.length, "Form ids must be unique"),
);

/** Parses the FORMS var; a bad config throws with every problem named, at startup rather than at the first visitor. */
export function parseForms(json: string): Map<string, FormConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("FORMS is not valid JSON");
  }
  const result = formsSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "FORMS"}: ${i.message}`);
    throw new Error(`FORMS is invalid: ${problems.join("; ")}`);
  }
  return new Map(result.data.map((f) => [f.id, f]));
}
