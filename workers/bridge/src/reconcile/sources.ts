import type { PageMeta } from "@actuallycare/shared/client/envelope";
import { appointmentsApi } from "@actuallycare/shared/client/groups/appointments";
import { clientsApi } from "@actuallycare/shared/client/groups/clients";
import { contactsApi } from "@actuallycare/shared/client/groups/contacts";
import { escrowsApi } from "@actuallycare/shared/client/groups/escrows";
import { leadsApi } from "@actuallycare/shared/client/groups/leads";
import { listingsApi } from "@actuallycare/shared/client/groups/listings";
import { hasMorePages } from "@actuallycare/shared/client/paginate";
import type { Transport } from "@actuallycare/shared/client/transport";
import type { Resource } from "../event-log/catalog";
import type { PageSource } from "./reconcile";

const LIMIT = 100;

/** Each resource's list, 100 a page, through the shared client (contacts through the JWT session). */
export function apiSources(t: Transport): Record<Resource, PageSource> {
  const page = <K extends string>(
    list: (q: { page: number; limit: number }) => Promise<{ meta?: PageMeta } & Record<K, unknown[]>>,
    key: K,
  ): PageSource => {
    return async (p) => {
      const r = await list({ page: p, limit: LIMIT });
      const items = r[key] as Record<string, unknown>[];
      return { items, hasMore: hasMorePages(r.meta, items.length, LIMIT) };
    };
  };
  return {
    lead: page(leadsApi(t).list, "leads"),
    client: page(clientsApi(t).list, "clients"),
    contact: page(contactsApi(t).list, "contacts"),
    escrow: page(escrowsApi(t).list, "escrows"),
    listing: page(listingsApi(t).list, "listings"),
    appointment: page(appointmentsApi(t).list, "appointments"),
  };
}
