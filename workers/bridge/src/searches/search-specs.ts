import * as z from "@actuallycare/shared/zod";
import { field } from "../fields/field-meta";

const q = (label: string, max = 200) => field(z.string().check(z.minLength(1), z.maxLength(max)), { label });

/**
 * Every search and its query: the one source for validation and the OpenAPI document. How each is answered (the
 * API's own lookup, the bridge's log, or a bounded scan) is in `run-search.ts` and the README.
 */
export const SEARCH_QUERIES = {
  contact_by_email: z.object({ email: field(z.email(), { label: "Email" }) }),
  contact_by_phone: z.object({ phone: q("Phone", 40) }),
  client_by_email: z.object({ email: field(z.email(), { label: "Email" }) }),
  lead_by_email: z.object({ email: field(z.email(), { label: "Email" }) }),
  listing_by_mls_number: z.object({ mls_number: q("MLS number", 40) }),
  listing_by_address: z.object({ address: q("Address (or part of it)") }),
  escrow_by_address: z.object({ address: q("Property address (or part of it)") }),
  escrow_by_display_id: z.object({ display_id: q("Escrow number, e.g. ESC-2026-0042", 40) }),
} as const;

export type SearchName = keyof typeof SEARCH_QUERIES;
export const SEARCH_NAMES = Object.keys(SEARCH_QUERIES) as SearchName[];
export const isSearchName = (name: string): name is SearchName => Object.hasOwn(SEARCH_QUERIES, name);

export const SEARCH_LABELS: Record<SearchName, string> = {
  contact_by_email: "Find contact by email",
  contact_by_phone: "Find contact by phone",
  client_by_email: "Find client by email",
  lead_by_email: "Find lead by email",
  listing_by_mls_number: "Find listing by MLS number",
  listing_by_address: "Find listing by address",
  escrow_by_address: "Find escrow by property address",
  escrow_by_display_id: "Find escrow by escrow number",
};
