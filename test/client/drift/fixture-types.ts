import type { ListName, OperationName } from "./calls";

/**
 * Where a shape comes from: an example on docs.actuallycare.com (copied as the page shows it), a shape written
 * from what a handler of the older open-source backend (jaydenmetz/real-estate-crm) sends, or a spec-shaped
 * record with one deliberate flaw.
 */
export type Origin = "docs" | "older-backend" | "synthetic";

/**
 * A file of the older backend, as a fixture's source. The handler fixtures were written from its snapshot at
 * commit 616df0b0be93246be6a0aa1bc466f95e61d69409.
 */
export const olderBackend = (path: string) => `jaydenmetz/real-estate-crm:${path}`;

/** A value the call must return at `path` (dot-separated, on the operation's result), compared strictly. */
export interface Check {
  path: string;
  equals: unknown;
}

/**
 * What the tolerant client must do with the answer: return it (then `checks` apply), fail with
 * `invalid_response` naming exactly `field`, or map an error answer to `kind`/`status`/`code`.
 */
export type Expectation =
  | "parses"
  | { kind: "invalid_response"; field: string }
  | { kind: "http" | "rate_limited"; status: number; code: string };

export interface DriftFixture {
  id: string;
  origin: Origin;
  /** The docs page URL, or `repo-path#handler` in the older backend, or the spec section a synthetic one follows. */
  source: string;
  operation: OperationName;
  status: number;
  /** The JSON answer. */
  body: unknown;
  /** For answers that are not JSON (the fake server then sends them as `text/html`). */
  rawBody?: string;
  headers?: Record<string, string>;
  expect: Expectation;
  checks?: Check[];
  /** What the shape shows, and anything assumed where the source is silent. */
  note?: string;
}

/**
 * A paged list walked with `paginate(list, key, query)`: the fake server answers `pages[page - 1]` for the
 * `page` asked (`pastEnd` beyond them), or `pages[0]` whatever is asked (`ignore-page`).
 */
export interface PaginateFixture {
  id: string;
  origin: Origin;
  source: string;
  list: ListName;
  query: { limit: number };
  serve: "by-page" | "ignore-page";
  pages: unknown[];
  pastEnd?: unknown;
  /** `paginate` must end, having yielded exactly these ids in this order. */
  expect: { kind: "paginates"; ids: string[] };
  note?: string;
}
