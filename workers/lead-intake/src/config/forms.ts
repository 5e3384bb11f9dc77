import * as z from "zod";

/** What a form collects and why: each intent maps to lead fields (README, "From submission to lead"). */
export const INTENTS = ["buyer", "seller", "property", "open_house"] as const;
export type Intent = (typeof INTENTS)[number];

/** Optional fields a form may show; name, email and phone are always there. */
export const OPTIONAL_FIELDS = ["timeline", "budget", "property_address", "message"] as const;
export type OptionalField = (typeof OPTIONAL_FIELDS)[number];

const origin = z
  .string()
  .refine((s) => URL.canParse(s) && new URL(s).origin === s, "Expected an origin such as https://agent.example.com");

/** One form of this deployment. */
export const formSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "Form ids are lower-case letters, digits and dashes"),
  intent: z.enum(INTENTS),
  /** The lead's `source` label, e.g. "Website Form". */
  source: z.string().min(1).max(100).default("Website Form"),
  allowedOrigins: z.array(origin).min(1),
  thankYouUrl: z.url().optional(),
  assignedAgentId: z.uuid().optional(),
  /** When set, the form shows a required consent checkbox with exactly this text, recorded with the lead. */
  consentText: z.string().min(1).max(1000).optional(),
  /** The heading above the form; each intent has a default. */
  title: z.string().min(1).max(120).optional(),
  /** Which optional fields to show, in order; each intent has a default (README, "Forms configuration"). */
  fields: z
    .array(z.enum(OPTIONAL_FIELDS))
    .refine((f) => new Set(f).size === f.length, "Fields must not repeat")
    .optional(),
  /** Cloudflare Turnstile's site key; when set, the form carries the widget and the server verifies every token. */
  turnstileSiteKey: z.string().min(1).max(100).optional(),
  /** Two submissions from one email or phone within this window make one lead. */
  dedupeWindowHours: z.number().int().min(0).max(720).default(24),
  /** Faster than this from render to submit is a bot. */
  minSubmitMs: z.number().int().min(0).max(60_000).default(2000),
});
export type FormConfig = z.infer<typeof formSchema>;

export const formsSchema = z
  .array(formSchema)
  .min(1)
  .refine((forms) => new Set(forms.map((f) => f.id)).size === forms.length, "Form ids must be unique");

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
