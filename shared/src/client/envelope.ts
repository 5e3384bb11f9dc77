import * as z from "../zod";
import { ActuallyCareError } from "./errors";

/** `data.meta` of paginated lists (spec §1.5). */
export const pageMetaSchema = z.looseObject({
  page: z.int(),
  limit: z.int(),
  total: z.int(),
  totalPages: z.int(),
  hasMore: z.boolean(),
});
export type PageMeta = z.infer<typeof pageMetaSchema>;

/** The error envelope (spec §1.4); every field but `code` is treated as optional so odd errors still map. */
export const errorEnvelopeSchema = z.looseObject({
  success: z.literal(false),
  error: z.looseObject({
    code: z.string(),
    message: z.optional(z.string()),
    details: z.optional(z.unknown()),
    errorId: z.optional(z.string()),
    correlationId: z.optional(z.string()),
  }),
  timestamp: z.optional(z.string()),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** `{success:true, data, timestamp}`; unknown top-level fields (`meta`, `count`, `message`) are kept. */
export function successEnvelope<T extends z.ZodMiniType>(data: T) {
  return z.looseObject({ success: z.literal(true), data, timestamp: z.string() });
}

/** `data.<key>` + `data.meta`, the shape of the six resource lists. */
export function pagedList<K extends string, T extends z.ZodMiniType>(key: K, item: T) {
  return z.extend(z.looseObject({ meta: pageMetaSchema }), { [key]: z.array(item) } as { [P in K]: z.ZodMiniArray<T> });
}

/**
 * Parses a response body with a schema; a mismatch becomes `invalid_response`
 * naming the first failing field, so a changed API fails loudly and precisely.
 */
export function parseResponse<T extends z.ZodMiniType>(schema: T, body: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || "(body)";
  throw new ActuallyCareError({
    kind: "invalid_response",
    message: `${what}: unexpected response at ${field}: ${issue?.message ?? "invalid"}`,
    field,
  });
}
