import type { ListCounts } from "../ledger/list-counts";

/**
 * How a run lists escrows when its recipients want several statuses: one
 * combined list (`status=all`, unarchived, filtered here) or one list per
 * status. Both read every page at `limit=100`, so what differs is the partial
 * pages and the escrows the recipients do not want:
 *
 * - combined: ⌈all/100⌉ pages, and the closed and cancelled escrows in it tell
 *   "closed since the last digest" without a `GET /escrows/{id}` each;
 * - per status: Σ ⌈status/100⌉ pages (one partial page per status), and no
 *   page is spent on closed escrows an account never archives.
 *
 * The previous run's counts decide (ties go to the combined list, which also
 * saves those lookups). Without them, the run starts the combined list anyway:
 * its first page says how long it is (`meta.total`), and the run goes on only
 * while it stays cheaper than the per-status lists, else switches after that
 * one page. The first run, knowing no per-status count, goes on only up to
 * {@link FIRST_RUN_MAX_PAGES}: for an account with more unarchived escrows it
 * costs one page more than per-status lists, once, and never a walk through
 * years of closed escrows.
 */

export const PAGE_SIZE = 100;

/**
 * The first run walks the combined list only if it has at most this many pages (1,000 escrows): the worst it can
 * overspend, once, is 10 − 2 pages for an account whose 1,000 unarchived escrows are nearly all closed.
 */
export const FIRST_RUN_MAX_PAGES = 10;

/** Pages one list of `n` escrows takes: an empty list still costs its one request. */
export const pagesOf = (n: number): number => Math.max(1, Math.ceil(n / PAGE_SIZE));

/** Pages the per-status lists would take, or null when a wanted status has no count yet. */
export function perStatusPages(counts: ListCounts, statuses: readonly string[]): number | null {
  let pages = 0;
  for (const s of statuses) {
    const n = counts[s];
    if (n === undefined) return null;
    pages += pagesOf(n);
  }
  return pages;
}

/** Whether a run starts with the combined list: unless the last counts show the per-status lists cheaper. */
export function startCombined(counts: ListCounts, statuses: readonly string[]): boolean {
  const perStatus = perStatusPages(counts, statuses);
  const all = counts.all;
  if (perStatus === null || all === undefined) return true;
  return pagesOf(all) <= perStatus;
}

/** Whether to read on once the combined list's first page says it holds `total` escrows. */
export function keepCombined(total: number, counts: ListCounts, statuses: readonly string[]): boolean {
  return pagesOf(total) <= (perStatusPages(counts, statuses) ?? FIRST_RUN_MAX_PAGES);
}
