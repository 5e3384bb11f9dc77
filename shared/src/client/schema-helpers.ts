import * as z from "../zod";

/**
 * An enum that may grow (spec §1.8): the known values are typed, unknown
 * strings are accepted as they come, typed `Known | (string & {})`.
 */
export function openEnum<const T extends readonly [string, ...string[]]>(_values: T) {
  return z.string() as unknown as z.ZodMiniType<T[number] | (string & {})>;
}

/** A decimal number written as a string: `"389000"`, `"-2.5"`, `"1e3"` (surrounding spaces allowed). */
const NUMERIC_STRING = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Every number that comes back from the API (money, counts, sizes, versions,
 * page meta): a number, or a numeric string as the older backend sends money
 * (`"389000"`), converted to a number. Anything else, a non-numeric string
 * included, fails as a number would, naming the field.
 */
export const numeric = z.pipe(
  z.transform((v: unknown) => (typeof v === "string" && NUMERIC_STRING.test(v) ? Number(v) : v)),
  z.number(),
);

/** A field the API documents as nullable: `null` when unset (spec §1.8). */
export const nullableString = z.nullable(z.string());
export const nullableNumber = z.nullable(numeric);

/** Optional fields: typed when present, absent or `null` when the API leaves them out (docs examples often do). */
export const maybeString = z.optional(nullableString);
export const maybeNumber = z.optional(nullableNumber);
export const maybeBoolean = z.optional(z.nullable(z.boolean()));
/** A list field that may be absent or `null` (an older backend's empty array). */
export const maybeList = <T extends z.ZodMiniType>(item: T) => z.optional(z.nullable(z.array(item)));

/** `{id}`, the answer of the hard deletes. */
export const deletedSchema = z.looseObject({ id: z.string() });

/** Query values the client sends; `undefined` and `null` are left out. */
export type Query = Record<string, string | number | boolean | null | undefined>;

/** Paging parameters of every list (spec §1.5). */
export interface PageQuery {
  page?: number;
  limit?: number;
}
