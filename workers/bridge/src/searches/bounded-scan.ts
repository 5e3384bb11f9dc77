/** Pages of 100 a scan reads at most: the newest 500 records, 5 API requests. */
export const SCAN_PAGES = 5;

export interface ScanResult<T> {
  matches: T[];
  /** True when the scan stopped at its page limit before the end of the list. */
  partial: boolean;
}

/**
 * Reads a list page by page (newest first, 100 a page), keeping what matches, and stops at the end of the list or
 * after `maxPages`: a search never spends more than that on a lookup the API cannot do itself.
 */
export async function boundedScan<T>(
  list: (query: { page: number; limit: number }) => Promise<{ items: T[]; hasMore: boolean }>,
  matches: (item: T) => boolean,
  maxPages = SCAN_PAGES,
): Promise<ScanResult<T>> {
  const found: T[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const { items, hasMore } = await list({ page, limit: 100 });
    found.push(...items.filter(matches));
    if (!hasMore || items.length === 0) return { matches: found, partial: false };
  }
  return { matches: found, partial: true };
}

/** The digits of a phone number, without a leading North American country code, so formats compare equal. */
export function phoneDigits(phone: string | null | undefined): string {
  const digits = (phone ?? "").replace(/\D/g, "");
  return digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
}

export const sameText = (a: string | null | undefined, b: string) =>
  (a ?? "").trim().toLowerCase() === b.trim().toLowerCase();
export const containsText = (a: string | null | undefined, b: string) =>
  (a ?? "").toLowerCase().includes(b.trim().toLowerCase());
