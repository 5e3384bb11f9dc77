// paginate() without meta, with the older backend's pagination, and against servers that ignore `page`: with a local
// list function, and through the transport with a local fetch (the sandbox always sends meta, so it cannot show these).
import { createTransport } from "@actuallycare/shared/client/create-transport";
import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import { leadsApi } from "@actuallycare/shared/client/groups/leads";
import { paginate } from "@actuallycare/shared/client/paginate";
import type { PageQuery } from "@actuallycare/shared/client/schema-helpers";
import { describe, expect, it } from "vitest";

type Item = { id: string };
type Page = { items: Item[]; meta?: { limit?: number; hasMore?: boolean } };

const items = (from: number, n: number): Item[] => Array.from({ length: n }, (_, i) => ({ id: `i${from + i}` }));

/** A list of `total` items served `limit` per page, with or without meta; records every query it got. */
function fakeList(total: number, o: { meta?: boolean; maxLimit?: number; ignorePage?: boolean } = {}) {
  const queries: PageQuery[] = [];
  const list = async (q: PageQuery): Promise<Page> => {
    queries.push(q);
    const limit = Math.min(q.limit ?? 25, o.maxLimit ?? 100);
    const page = o.ignorePage ? 1 : (q.page ?? 1);
    const start = (page - 1) * limit;
    const served = items(start, Math.max(0, Math.min(limit, total - start)));
    return o.meta ? { items: served, meta: { limit, hasMore: start + limit < total } } : { items: served };
  };
  return { list, queries };
}

async function walk(list: (q: PageQuery) => Promise<Page>, query: PageQuery = {}, maxPages?: number) {
  const ids: string[] = [];
  for await (const item of paginate(list, "items", query, { maxPages })) ids.push(item.id);
  return ids;
}

describe("paginate with a local list", () => {
  it("stops on a short page without meta", async () => {
    const { list, queries } = fakeList(25);
    expect(await walk(list, { limit: 10 })).toEqual(items(0, 25).map((i) => i.id));
    expect(queries.map((q) => q.page)).toEqual([1, 2, 3]);
  });

  it("stops on an empty page without meta when the total is a multiple of the page size", async () => {
    const { list, queries } = fakeList(20);
    expect(await walk(list, { limit: 10 })).toHaveLength(20);
    expect(queries.map((q) => q.page)).toEqual([1, 2, 3]);
  });

  it("asks 100 a page by default, keeps the query on every page, and stops on hasMore:false", async () => {
    const { list, queries } = fakeList(200, { meta: true });
    expect(await walk(list)).toHaveLength(200);
    expect(queries).toEqual([
      { limit: 100, page: 1 },
      { limit: 100, page: 2 },
    ]);
  });

  it("measures a short page against the server's own meta.limit when it caps the page size", async () => {
    const { list, queries } = fakeList(60, { meta: true, maxLimit: 25 });
    expect(await walk(list)).toHaveLength(60);
    expect(queries).toHaveLength(3);
  });

  it("stops when a server that ignores `page` answers the same page again, yielding it once", async () => {
    const { list, queries } = fakeList(500, { ignorePage: true });
    expect(await walk(list, { limit: 10 })).toEqual(items(0, 10).map((i) => i.id));
    expect(queries).toHaveLength(2);
  });

  it("throws invalid_response past the page cap instead of walking forever", async () => {
    let n = 0;
    // New ids every time and always a full page: nothing but the cap can stop it.
    const endless = async (q: PageQuery): Promise<Page> => ({ items: items(n++ * 1000, q.limit ?? 100) });
    const err = await walk(endless, { limit: 5 }, 7).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActuallyCareError);
    expect(err).toMatchObject({ kind: "invalid_response", retryable: false });
    expect(n).toBe(7);
  });
});

describe("paginate through the transport", () => {
  /** The client over a fetch that serves `total` leads; `shape` says how the page is described. */
  async function leadsServing(total: number, shape: "pagination" | "none" | "ignores-page") {
    const pages: string[] = [];
    const transport = await createTransport({
      baseUrl: "https://api.actuallycare.com/v1",
      apiKey: "0".repeat(64),
      fetch: async (request) => {
        const url = new URL(request.url);
        pages.push(url.search);
        const limit = Number(url.searchParams.get("limit"));
        const page = shape === "ignores-page" ? 1 : Number(url.searchParams.get("page"));
        const start = (page - 1) * limit;
        const leads = items(start, Math.max(0, Math.min(limit, total - start))).map((i) => ({ ...i, budget: "1000" }));
        const totalPages = Math.ceil(total / limit);
        const pagination = { currentPage: page, totalPages, totalCount: total, limit };
        // The older backend: no timestamp, `pagination` instead of meta, money as numeric strings.
        return Response.json({ success: true, data: shape === "pagination" ? { leads, pagination } : { leads } });
      },
    });
    return { leads: leadsApi(transport), pages };
  }

  it("walks an older backend's `pagination` pages, stopping on its hasMore", async () => {
    const { leads, pages } = await leadsServing(30, "pagination");
    const seen = [];
    for await (const lead of paginate(leads.list, "leads", { limit: 10 })) seen.push(lead);
    expect(seen).toHaveLength(30);
    expect(seen[0]).toEqual({ id: "i0", budget: 1000 });
    expect(pages).toEqual(["?limit=10&page=1", "?limit=10&page=2", "?limit=10&page=3"]);
  });

  it("walks pages with no meta at all, to the short one", async () => {
    const { leads, pages } = await leadsServing(25, "none");
    let n = 0;
    for await (const _ of paginate(leads.list, "leads", { limit: 10 })) n++;
    expect(n).toBe(25);
    expect(pages).toHaveLength(3);
  });

  it("stops after two requests on a server that ignores `page`", async () => {
    const { leads, pages } = await leadsServing(1000, "ignores-page");
    let n = 0;
    for await (const _ of paginate(leads.list, "leads")) n++;
    expect(n).toBe(100);
    expect(pages).toHaveLength(2);
  });
});
