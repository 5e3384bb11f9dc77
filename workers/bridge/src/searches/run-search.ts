import { clientsApi } from "@actuallycare/shared/client/groups/clients";
import { contactsApi } from "@actuallycare/shared/client/groups/contacts";
import { escrowsApi } from "@actuallycare/shared/client/groups/escrows";
import { leadsApi } from "@actuallycare/shared/client/groups/leads";
import { listingsApi } from "@actuallycare/shared/client/groups/listings";
import { hasMorePages } from "@actuallycare/shared/client/paginate";
import type { Transport } from "@actuallycare/shared/client/transport";
import type * as z from "@actuallycare/shared/zod";
import { boundedScan, containsText, phoneDigits, type ScanResult, sameText } from "./bounded-scan";
import { recordIdsByField } from "./log-lookup";
import type { SEARCH_QUERIES, SearchName } from "./search-specs";

export interface SearchDeps {
  /** A bulk-priority transport: searches are bulk work in the shared backoff. */
  transport: Transport;
  db: D1Database;
}

/** What a search answers: the records, and how it found them (sent as `X-Bridge-Search`). */
export interface SearchAnswer {
  records: unknown[];
  method: "api" | "log" | "scan" | "scan-partial";
}

type Query<N extends SearchName> = z.infer<(typeof SEARCH_QUERIES)[N]>;

const fromScan = (r: ScanResult<unknown>): SearchAnswer => ({
  records: r.matches,
  method: r.partial ? "scan-partial" : "scan",
});

/**
 * Answers a search. The API looks up contacts by email and escrows by address or number itself; leads and clients
 * by email and listings by MLS number or address it cannot, so the bridge first asks its own log (which records'
 * webhooks carried that value; each is then read fresh and checked), and only then scans the newest records, a few
 * pages at most.
 */
export async function runSearch<N extends SearchName>(
  deps: SearchDeps,
  name: N,
  query: Query<N>,
): Promise<SearchAnswer> {
  const t = deps.transport;
  const q = query as Record<string, string>;
  switch (name) {
    case "contact_by_email": {
      const contacts = contactsApi(t);
      const { contacts: hits } = await contacts.search({ email: q.email, limit: 100 });
      const exact = hits.filter((h) => sameText(h.email, q.email ?? "")).slice(0, 10);
      return { records: await Promise.all(exact.map((h) => contacts.get(h.id))), method: "api" };
    }
    case "contact_by_phone": {
      const wanted = phoneDigits(q.phone);
      const list = contactsApi(t).list;
      return fromScan(
        await boundedScan(
          async (p) => {
            const r = await list(p);
            return { items: r.contacts, hasMore: hasMorePages(r.meta, r.contacts.length, p.limit) };
          },
          (c) => wanted.length > 0 && (phoneDigits(c.phone) === wanted || phoneDigits(c.phone_secondary) === wanted),
        ),
      );
    }
    case "escrow_by_address":
    case "escrow_by_display_id": {
      const text = (q.address ?? q.display_id) as string;
      const r = await escrowsApi(t).list({ search: text, limit: 100 });
      const keep =
        name === "escrow_by_display_id"
          ? (e: { display_id?: string | null }) => sameText(e.display_id, text)
          : () => true;
      return { records: r.escrows.filter(keep), method: "api" };
    }
    case "lead_by_email": {
      const leads = leadsApi(t);
      const match = (l: { email?: string | null }) => sameText(l.email, q.email ?? "");
      return logThenScan(deps, "lead", "email", q.email ?? "", leads.get, match, async (p) => {
        const r = await leads.list(p);
        return { items: r.leads, hasMore: hasMorePages(r.meta, r.leads.length, p.limit) };
      });
    }
    case "client_by_email": {
      const clients = clientsApi(t);
      const match = (c: { email?: string | null }) => sameText(c.email, q.email ?? "");
      return logThenScan(deps, "client", "email", q.email ?? "", clients.get, match, async (p) => {
        const r = await clients.list(p);
        return { items: r.clients, hasMore: hasMorePages(r.meta, r.clients.length, p.limit) };
      });
    }
    case "listing_by_mls_number":
    case "listing_by_address": {
      const listings = listingsApi(t);
      const byMls = name === "listing_by_mls_number";
      const value = (byMls ? q.mls_number : q.address) as string;
      const match = (l: { mls_number?: string | null; address?: string | null }) =>
        byMls ? sameText(l.mls_number, value) : containsText(l.address, value);
      const scan = async (p: { page: number; limit: number }) => {
        const r = await listings.list(p);
        return { items: r.listings, hasMore: hasMorePages(r.meta, r.listings.length, p.limit) };
      };
      // An address is matched by substring, which the log cannot index; an MLS number exactly, which it can.
      if (!byMls) return fromScan(await boundedScan(scan, match));
      return logThenScan(deps, "listing", "mls_number", value, listings.get, match, scan);
    }
  }
  return { records: [], method: "api" };
}

/** The bridge's log first (each candidate read fresh and checked), then a bounded scan. */
async function logThenScan<T>(
  deps: SearchDeps,
  resource: string,
  fieldName: string,
  value: string,
  get: (id: string) => Promise<T>,
  match: (record: T) => boolean,
  scan: (p: { page: number; limit: number }) => Promise<{ items: T[]; hasMore: boolean }>,
): Promise<SearchAnswer> {
  const ids = await recordIdsByField(deps.db, resource, fieldName, value);
  const fresh: T[] = [];
  for (const id of ids) {
    const record = await get(id).catch((err: unknown) => {
      // Deleted since: not a match. Anything else is a real failure.
      if ((err as { status?: number }).status === 404) return null;
      throw err;
    });
    if (record && match(record)) fresh.push(record);
  }
  if (fresh.length > 0) return { records: fresh, method: "log" };
  return fromScan(await boundedScan(scan, match));
}
