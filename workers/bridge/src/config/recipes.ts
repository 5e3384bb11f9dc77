import * as z from "@actuallycare/shared/zod";

/** The actions a catch-hook recipe may run (a subset of `POST /actions/{name}`: the ones that create). */
export const RECIPE_ACTIONS = [
  "create_lead",
  "create_client",
  "create_contact",
  "find_or_create_contact",
  "create_appointment",
] as const;

/** Simple transforms a mapped value may go through, in order. */
export const TRANSFORMS = [
  "trim",
  "lowercase",
  "uppercase",
  "phone",
  "first_name",
  "last_name",
  "number",
  "boolean",
] as const;
export type Transform = (typeof TRANSFORMS)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()]);
/** A dotted path into the payload: `email`, `answers.2.text`, `contact.phone`. */
const path = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, "Expected a dotted path such as contact.email"));

const fieldRule = z
  .object({
    /** Where the value comes from: a path, or several tried in order (the first present wins). */
    from: z.optional(z.union([path, z.array(path).check(z.minLength(1), z.maxLength(10))])),
    /** A constant, used when `from` finds nothing (or alone). */
    const: z.optional(scalar),
    transform: z.optional(z.union([z.enum(TRANSFORMS), z.array(z.enum(TRANSFORMS)).check(z.maxLength(5))])),
  })
  .check(z.refine((r) => r.from !== undefined || r.const !== undefined, "A field needs `from` or `const`"));
export type FieldRule = z.infer<typeof fieldRule>;

/** One catch hook: a payload from a form builder (or any tool) mapped onto one action. */
export const recipeSchema = z.object({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "Recipe ids are lower-case letters, digits and dashes")),
  action: z.enum(RECIPE_ACTIONS),
  /**
   * `path`: the secret is the last path segment (`/catch/<id>/<secret>`), for tools that cannot set headers;
   * `hmac`: `X-Bridge-Signature: sha256=<hex HMAC of the raw body>` keyed by the secret.
   */
  auth: z.enum(["path", "hmac"]),
  /** The action's input fields (see `GET /fields/{action}`), each mapped from the payload. */
  fields: z.record(z.string().check(z.regex(/^[a-z_]{1,40}$/, "Field names are the action's input keys")), fieldRule),
});
export type Recipe = z.infer<typeof recipeSchema>;

const recipesSchema = z
  .array(recipeSchema)
  .check(z.refine((r) => new Set(r.map((x) => x.id)).size === r.length, "Recipe ids must be unique"));

/** Parses the RECIPES var; every problem is named with its path (`0.fields.email.from`). */
export function parseRecipes(json: string): Map<string, Recipe> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("RECIPES is not valid JSON");
  }
  const result = z.safeParse(recipesSchema, raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "RECIPES"}: ${i.message}`);
    throw new Error(`RECIPES is invalid: ${problems.join("; ")}`);
  }
  return new Map(result.data.map((r) => [r.id, r]));
}
