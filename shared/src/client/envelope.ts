import * as z from "../zod";
import { ActuallyCareError } from "./errors";
import { numeric } from "./schema-helpers";

/**
 * `data.meta` of paginated lists (spec §1.5). Every field is optional: the
 * docs' own examples leave some out, and `paginate` needs none of them.
 */
export const pageMetaSchema = z.looseObject({
  page: z.optional(numeric),
  limit: z.optional(numeric),
  total: z.optional(numeric),
  totalPages: z.optional(numeric),
  hasMore: z.optional(z.boolean()),
});
export type PageMeta = z.infer<typeof pageMetaSchema>;

/** The older backend's `pagination` (spec §5), read into a `meta`. */
const olderPaginationSchema = z.looseObject({
  currentPage: z.optional(numeric),
  totalPages: z.optional(numeric),
  totalCount: z.optional(numeric),
  limit: z.optional(numeric),
});

type OlderPagination = z.infer<typeof olderPaginationSchema>;

function metaFromPagination(p: OlderPagination): PageMeta {
  const meta: PageMeta = { page: p.currentPage, limit: p.limit, total: p.totalCount, totalPages: p.totalPages };
  if (p.currentPage !== undefined && p.totalPages !== undefined) meta.hasMore = p.currentPage < p.totalPages;
  return meta;
}

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

/**
 * `{success:true, data, timestamp}`; unknown top-level fields (`meta`, `count`,
 * `message`) are kept. `timestamp` is optional: the docs' examples omit it.
 */
export function successEnvelope<T extends z.ZodMiniType>(data: T) {
  return z.looseObject({ success: z.literal(true), data, timestamp: z.optional(z.string()) });
}

/**
 * `data.<key>` with its page meta, the shape of the six resource lists. Read
 * tolerantly: `meta` may be missing, the older backend's `pagination` becomes
 * `meta`, and a bare array in `data` is taken as the items.
 */
export function pagedList<
  K extends string,
  T extends z.ZodMiniType,
  X extends z.core.$ZodLooseShape = Record<never, never>,
>(
  key: K,
  item: T,
  /** More fields of `data`, e.g. `stats`. */
  extra: X = {} as X,
) {
  const shape = z.extend(
    z.looseObject({ ...extra, meta: z.optional(pageMetaSchema), pagination: z.optional(olderPaginationSchema) }),
    { [key]: z.array(item) } as { [P in K]: z.ZodMiniArray<T> },
  );
  type Page = z.infer<typeof shape>;
  return z.pipe(
    z.pipe(
      z.transform((d: unknown) => (Array.isArray(d) ? { [key]: d } : d)),
      shape,
    ),
    z.transform((page: Page) => {
      const p = page as { meta?: PageMeta; pagination?: OlderPagination };
      return (p.meta || !p.pagination ? page : { ...page, meta: metaFromPagination(p.pagination) }) as Page;
    }),
  );
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
