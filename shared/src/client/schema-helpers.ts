import * as z from "../zod";

/**
 * An enum that may grow (spec §1.8): the known values are typed, unknown
 * strings are accepted as they come, typed `Known | (string & {})`.
 */
export function openEnum<const T extends readonly [string, ...string[]]>(_values: T) {
  return z.string() as unknown as z.ZodMiniType<T[number] | (string & {})>;
}

/** A field the API documents as nullable: `null` when unset (spec §1.8). */
export const nullableString = z.nullable(z.string());
export const nullableNumber = z.nullable(z.number());

/** `{id}`, the answer of the hard deletes. */
export const deletedSchema = z.looseObject({ id: z.string() });

/** Query values the client sends; `undefined` and `null` are left out. */
export type Query = Record<string, string | number | boolean | null | undefined>;

/** Paging parameters of every list (spec §1.5). */
export interface PageQuery {
  page?: number;
  limit?: number;
}
