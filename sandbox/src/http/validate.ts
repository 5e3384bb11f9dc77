import * as z from "zod";
import { ApiError, type FieldProblem, validationError } from "./api-error";

/** Parses with a zod schema; every problem is reported at once as `details[{field,message}]` (spec §4.5). */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationError(problemsOf(result.error));
}

export function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join(".") : "body",
    message: issue.message,
  }));
}

/** An enum that lower-cases its input first (spec §4.6). */
export function lowerEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess((v) => (typeof v === "string" ? v.toLowerCase() : v), z.enum(values));
}

/** `YYYY-MM-DD` that is a real calendar date. */
export const isoDate = z
  .string()
  // abort: a malformed string gets one problem, not a second "Invalid date" for the same field.
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Expected a date as YYYY-MM-DD", abort: true })
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    "Invalid date",
  );

/** An ISO-8601 date-time, normalised to UTC with milliseconds. */
export const isoDateTime = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), "Expected an ISO-8601 date-time")
  .transform((s) => new Date(s).toISOString());

export const email = z
  .string()
  .email("Invalid email")
  .transform((s) => s.toLowerCase());

/** A numeric field that also accepts a numeric string, as form-posting clients send. */
export const money = z.coerce.number({ message: "Expected a number" }).refine(Number.isFinite, "Expected a number");

/** Query-string values arrive as strings; true/false words become booleans. */
export const queryBool = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(["true", "false", "1", "0"]))
  .transform((s) => s === "true" || s === "1");

/**
 * Runs several checks of one request and reports every validation problem at
 * once (spec §4.5), e.g. a bad `page` together with a bad `status` filter.
 * Other errors pass through unchanged.
 */
export function allChecked<T extends unknown[]>(...checks: { [K in keyof T]: () => T[K] }): T {
  const problems: FieldProblem[] = [];
  const results = checks.map((check) => {
    try {
      return check();
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_ERROR" && Array.isArray(err.details)) {
        problems.push(...(err.details as FieldProblem[]));
        return undefined;
      }
      throw err;
    }
  });
  if (problems.length > 0) throw validationError(problems);
  return results as T;
}
