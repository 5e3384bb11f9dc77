import * as z from "zod";
import type { FieldProblem } from "../http/api-error";
import { email, money } from "../http/validate";
import { withoutUndefined } from "./leads";

export const CLIENT_TYPES = ["buyer", "seller", "both"] as const;
export const CLIENT_STATUSES = ["active", "inactive", "closed"] as const;

export interface PropertyPreferences {
  bedrooms_min: number | null;
  bathrooms_min: number | null;
  square_feet_min: number | null;
  property_types: string[];
}

/** The client record as the API returns it (spec §2.5). */
export interface Client {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  source: string | null;
  client_type: (typeof CLIENT_TYPES)[number];
  status: (typeof CLIENT_STATUSES)[number];
  budget_min: number | null;
  budget_max: number | null;
  property_preferences: PropertyPreferences | null;
  preferred_locations: string[];
  pre_approved: boolean;
  pre_approval_amount: number | null;
  notes: string | null;
  tags: string[];
  version: number;
  created_at: string;
  updated_at: string;
}

export const text = (max: number) =>
  z.string({ message: "Expected a string" }).max(max, `Must be at most ${max} characters`);

/** A required non-empty string whose missing-field message names the field. */
export const requiredText = (label: string, max: number) =>
  z
    .string({ message: `${label} is required` })
    .min(1, `${label} is required`)
    .max(max, `Must be at most ${max} characters`);

/** An enum that lower-cases first (spec §4.6) and says "required" when the field is missing. */
export function oneOf<const T extends readonly [string, ...string[]]>(label: string, values: T) {
  return z.preprocess(
    (v) => (typeof v === "string" ? v.toLowerCase() : v),
    z.enum(values, {
      error: (issue) => (issue.input === undefined ? `${label} is required` : `Must be one of: ${values.join(", ")}`),
    }),
  );
}

/** A list of short strings; `null` clears it to `[]`. */
export const stringList = (maxItems: number, maxLength: number) =>
  z
    .array(text(maxLength), { message: "Expected an array of strings" })
    .max(maxItems, `At most ${maxItems} items`)
    .nullable()
    .transform((v) => v ?? []);

const amount = (label: string) => money.pipe(z.number().min(0, `${label} must be at least 0`));

const wholeAtLeastZero = z
  .number({ message: "Expected a number" })
  .int("Expected an integer")
  .min(0, "Must be at least 0");

const propertyPreferences = z
  .object(
    {
      bedrooms_min: wholeAtLeastZero.nullable(),
      bathrooms_min: z.number({ message: "Expected a number" }).min(0, "Must be at least 0").nullable(),
      square_feet_min: wholeAtLeastZero.nullable(),
      property_types: stringList(20, 50),
    },
    { message: "Expected an object" },
  )
  .partial()
  .transform(
    (p): PropertyPreferences => ({
      bedrooms_min: p.bedrooms_min ?? null,
      bathrooms_min: p.bathrooms_min ?? null,
      square_feet_min: p.square_feet_min ?? null,
      property_types: p.property_types ?? [],
    }),
  );

const writable = {
  first_name: requiredText("First name", 100),
  last_name: requiredText("Last name", 100),
  email: email.nullable(),
  phone: text(40).nullable(),
  source: text(100).nullable(),
  client_type: oneOf("Client type", CLIENT_TYPES),
  status: oneOf("Status", CLIENT_STATUSES),
  budget_min: amount("budget_min").nullable(),
  budget_max: amount("budget_max").nullable(),
  property_preferences: propertyPreferences.nullable(),
  preferred_locations: stringList(50, 200),
  pre_approved: z
    .boolean({ message: "Expected a boolean" })
    .nullable()
    .transform((v) => v ?? false),
  pre_approval_amount: amount("pre_approval_amount").nullable(),
  notes: text(10000).nullable(),
  tags: stringList(50, 50),
};

/** `POST /clients`: names and `client_type` required (spec §2.5). */
export const createClientSchema = z
  .object(writable)
  .partial()
  .extend({ first_name: writable.first_name, last_name: writable.last_name, client_type: writable.client_type });

export const updateClientSchema = z
  .object({ ...writable, version: z.number({ message: "Expected an integer" }).int().positive() })
  .partial();

export type ClientInput = z.infer<typeof updateClientSchema>;

/** The cross-field budget rule (min ≤ max), checked on the merged record so a PUT of one side is checked too. */
export function budgetProblems(c: Pick<Client, "budget_min" | "budget_max">): FieldProblem[] {
  if (c.budget_min !== null && c.budget_max !== null && c.budget_min > c.budget_max) {
    return [{ field: "budget_min", message: "budget_min must not exceed budget_max" }];
  }
  return [];
}

/** A full record from validated input; the seeder and lead conversion use the same function. */
export function buildClient(
  id: string,
  input: ClientInput & Pick<Client, "first_name" | "last_name" | "client_type">,
  nowIso: string,
): Client {
  const { version: _ignored, ...fields } = withoutUndefined(input);
  return {
    id,
    email: null,
    phone: null,
    source: null,
    status: "active",
    budget_min: null,
    budget_max: null,
    property_preferences: null,
    preferred_locations: [],
    pre_approved: false,
    pre_approval_amount: null,
    notes: null,
    tags: [],
    ...fields,
    first_name: input.first_name,
    last_name: input.last_name,
    client_type: input.client_type,
    version: 1,
    created_at: nowIso,
    updated_at: nowIso,
  };
}
