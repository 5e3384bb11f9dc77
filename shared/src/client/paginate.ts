import type { PageMeta } from "./envelope";
import type { PageQuery } from "./schema-helpers";

/**
 * Iterates every item of a paginated list (spec §1.5), one page at a time,
 * with `limit=100` unless told otherwise. Stops on `hasMore:false` or an
 * empty page.
 *
 * @example for await (const lead of paginate((q) => client.leads.list(q), "leads")) …
 */
export async function* paginate<
  Q extends PageQuery,
  K extends string,
  R extends { [P in K]: unknown[] } & { meta: PageMeta },
>(
  list: (query: Q) => Promise<R>,
  key: K,
  query: Omit<Q, "page"> = {} as Omit<Q, "page">,
): AsyncGenerator<R[K][number], void, undefined> {
  for (let page = 1; ; page++) {
    const result = await list({ limit: 100, ...query, page } as Q);
    const items = result[key] as R[K][number][];
    yield* items;
    if (items.length === 0 || !result.meta.hasMore) return;
  }
}
