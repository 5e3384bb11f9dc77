import type { PageMeta } from "./envelope";
import { ActuallyCareError } from "./errors";
import type { PageQuery } from "./schema-helpers";

/** More pages than this is a server that ignores `page` (or a list no Worker should walk in one go). */
export const DEFAULT_MAX_PAGES = 500;

export interface PaginateOptions {
  /** Fails with `invalid_response` past this many pages instead of walking on (default 500). */
  maxPages?: number;
}

/** What identifies an item between pages: its `id`, else the whole item. */
const identity = (item: unknown) =>
  typeof item === "object" && item !== null && "id" in item ? String(item.id) : JSON.stringify(item);

/**
 * Iterates every item of a paginated list (spec §1.5), one page at a time,
 * with `limit=100` unless told otherwise. `meta` is not needed: it stops on
 * an empty page, a short page (fewer items than the page size, `meta.limit`
 * when the server says it, else the `limit` asked for), `hasMore: false`, or
 * a page of the same ids as the one before (a server that ignores `page`;
 * that page is not yielded twice). Past `maxPages` it throws `invalid_response`
 * rather than loop forever.
 *
 * @example for await (const lead of paginate(client.leads.list, "leads")) …
 */
export async function* paginate<
  Q extends PageQuery,
  K extends string,
  R extends { [P in K]: unknown[] } & { meta?: PageMeta },
>(
  list: (query: Q) => Promise<R>,
  key: K,
  query: Omit<Q, "page"> = {} as Omit<Q, "page">,
  options: PaginateOptions = {},
): AsyncGenerator<R[K][number], void, undefined> {
  const asked = (query as PageQuery).limit ?? 100;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  let previous: string | null = null;
  for (let page = 1; ; page++) {
    if (page > maxPages) {
      throw new ActuallyCareError({
        kind: "invalid_response",
        message: `paginate(${key}): more than ${maxPages} pages; the server may be ignoring \`page\``,
        field: "page",
      });
    }
    const result = await list({ limit: asked, ...query, page } as Q);
    const items = result[key] as R[K][number][];
    const ids = JSON.stringify(items.map(identity));
    if (items.length > 0 && ids === previous) return;
    previous = ids;
    yield* items;
    if (!hasMorePages(result.meta, items.length, asked)) return;
  }
}

/**
 * Whether a list has a page after this one, by {@link paginate}'s rule: not
 * after an empty page, a short one (fewer items than the server's `meta.limit`,
 * else the `limit` asked for) or `hasMore: false`. For callers that page by
 * hand (bounded scans), so a server without `meta` still ends.
 */
export function hasMorePages(meta: PageMeta | undefined, itemCount: number, askedLimit: number): boolean {
  const size = meta?.limit ?? askedLimit;
  return itemCount > 0 && itemCount >= size && meta?.hasMore !== false;
}
