import { beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { CapturedRequest } from "../support/captured-request";
import { call, expectError, fixtureKey, login, resetSandbox, USERS } from "../support/sandbox-client";

// Listings (spec §2.9), against Appendix A's fixtures: 30 listings owned by Jordan.
const IP = "10.42.0.1";
const NOW = "2026-07-01T16:00:00.000Z";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOTAL = 30;
const STATUSES = ["active", "pending", "sold", "withdrawn", "expired"];

/** The listing record (spec §2.9), computed fields included. */
const RECORD_KEYS = [
  "id",
  "mls_number",
  "address",
  "city",
  "state",
  "zip_code",
  "list_price",
  "status",
  "property_type",
  "bedrooms",
  "bathrooms",
  "square_feet",
  "lot_size",
  "year_built",
  "days_on_market",
  "price_per_sqft",
  "description",
  "showing_instructions",
  "listing_date",
  "expiration_date",
  "photos",
  "virtual_tour_url",
  "version",
  "created_at",
  "updated_at",
].sort();

interface Listing {
  id: string;
  address: string;
  list_price: number;
  status: string;
  square_feet: number | null;
  listing_date: string | null;
  created_at: string;
  days_on_market: number;
  price_per_sqft: number | null;
  [k: string]: unknown;
}

const captureUrl = inject("captureUrl");
let full: string;
let run = 0;

beforeAll(async () => {
  full = await fixtureKey("full-access");
});
beforeEach(async () => {
  await resetSandbox();
  await clock({ now: NOW, frozen: true });
  run++;
});

const api = (path: string, opts: Parameters<typeof call>[1] = {}) => call(path, { key: full, ip: IP, ...opts });
const fields = (e: { details: Array<{ field: string }> }) => e.details.map((d) => d.field).sort();
const create = (body: unknown) => api("/v1/listings", { method: "POST", body });

async function clock(change: { now?: string; advanceMs?: number; frozen?: boolean }): Promise<void> {
  const r = await call("/__sandbox/clock", { method: "POST", body: change });
  if (r.status !== 200) throw new Error(`clock failed: ${r.status} ${JSON.stringify(r.body)}`);
}

async function all(query = ""): Promise<Listing[]> {
  const r = await api(`/v1/listings?limit=100${query}`);
  expect(r.status).toBe(200);
  expect(r.body.data.meta.total).toBe(r.body.data.listings.length);
  return r.body.data.listings;
}

const addresses = (list: Listing[]) => list.map((l) => l.address).sort();
const DAY = 86_400_000;
/** Whole days from a `YYYY-MM-DD` date to `now`, computed here independently. */
const daysSince = (date: string, now = NOW) => Math.floor((Date.parse(now) - Date.parse(`${date}T00:00:00Z`)) / DAY);

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function subscribe(events: string[]): Promise<string> {
  const path = `/ok/listings-${run}-${Date.now().toString(36)}`;
  const maria = (await login(USERS.maria, IP)).accessToken;
  const r = await call("/v1/webhooks", {
    method: "POST",
    token: maria,
    ip: IP,
    body: { url: `${captureUrl}${path}`, events, secret: "listing-test-secret" },
  });
  if (r.status !== 201) throw new Error(`subscribe failed: ${r.status} ${JSON.stringify(r.body)}`);
  return path;
}

async function received(path: string, n: number): Promise<Array<{ event: string; data: Record<string, unknown> }>> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${captureUrl}/__captured?path=${encodeURIComponent(path)}`);
    const list = (await res.json()) as CapturedRequest[];
    if (list.length >= n) return list.map((r) => JSON.parse(r.body));
    await pause(50);
  }
  throw new Error(`timed out waiting for ${n} deliveries at ${path}`);
}

describe("listings: list", () => {
  it("lists 25 per page, newest first, with Appendix A's listings, computed fields and stats", async () => {
    const r = await api("/v1/listings");
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(Object.keys(r.body.data).sort()).toEqual(["listings", "meta", "stats"]);
    expect(r.body.data.meta).toEqual({ page: 1, limit: 25, total: TOTAL, totalPages: 2, hasMore: true });
    expect(r.body.data.listings).toHaveLength(25);
    for (const l of r.body.data.listings) expect(Object.keys(l).sort()).toEqual(RECORD_KEYS);
    const everything = await all();
    const created = everything.map((l) => l.created_at);
    expect([...created].sort().reverse()).toEqual(created);
    expect(r.body.data.listings).toEqual(everything.slice(0, 25));

    const oak = everything.find((l) => l.mls_number === "ML81992437");
    expect(oak).toMatchObject({
      address: "456 Oak Ave",
      city: "Tehachapi",
      state: "CA",
      zip_code: "93561",
      list_price: 425_000,
      status: "pending",
      bedrooms: 4,
      bathrooms: 3,
      square_feet: 2800,
      price_per_sqft: 151.79,
      days_on_market: daysSince(oak?.listing_date ?? "x"),
      version: 1,
    });
    expect(oak?.id).toMatch(UUID);
    const golden = everything.find((l) => l.address === "789 Golden Hills Blvd");
    expect(golden).toMatchObject({ city: "Tehachapi", list_price: 389_000, status: "active" });

    // Computed fields on every listing, checked independently.
    for (const l of everything) {
      expect(l.price_per_sqft).toBe(l.square_feet ? Math.round((l.list_price / l.square_feet) * 100) / 100 : null);
      expect(l.days_on_market).toBe(Math.max(0, daysSince(l.listing_date ?? l.created_at.slice(0, 10))));
    }

    const byStatus = Object.fromEntries(STATUSES.map((s) => [s, everything.filter((l) => l.status === s).length]));
    expect(r.body.data.stats).toEqual({ total: TOTAL, byStatus });
    expect(Object.values(byStatus).every((n) => n > 0)).toBe(true);
  });

  it("pages to the end and past it", async () => {
    const second = await api("/v1/listings?page=2");
    expect(second.body.data.listings).toHaveLength(5);
    expect(second.body.data.meta).toEqual({ page: 2, limit: 25, total: TOTAL, totalPages: 2, hasMore: false });
    const past = await api("/v1/listings?page=3");
    expect(past.status).toBe(200);
    expect(past.body.data.listings).toEqual([]);
    expect(past.body.data.meta).toEqual({ page: 3, limit: 25, total: TOTAL, totalPages: 2, hasMore: false });
    const small = await api("/v1/listings?limit=4&page=8");
    expect(small.body.data.meta).toEqual({ page: 8, limit: 4, total: TOTAL, totalPages: 8, hasMore: false });
    expect(small.body.data.listings).toHaveLength(2);
    expect(fields(expectError(await api("/v1/listings?limit=101"), 400, "VALIDATION_ERROR"))).toEqual(["limit"]);
    expect(fields(expectError(await api("/v1/listings?page=0"), 400, "VALIDATION_ERROR"))).toEqual(["page"]);
  });

  it("filters by status case-insensitively; stats follow the filter", async () => {
    const everything = await all();
    for (const status of STATUSES) {
      const expected = everything.filter((l) => l.status === status);
      const r = await api(`/v1/listings?status=${status.toUpperCase()}&limit=100`);
      expect(addresses(r.body.data.listings), status).toEqual(addresses(expected));
      expect(r.body.data.stats).toEqual({
        total: expected.length,
        byStatus: Object.fromEntries(STATUSES.map((s) => [s, s === status ? expected.length : 0])),
      });
    }
    expect(fields(expectError(await api("/v1/listings?status=coming_soon"), 400, "VALIDATION_ERROR"))).toEqual([
      "status",
    ]);
  });

  it("filters by minPrice and maxPrice, inclusive", async () => {
    const everything = await all();
    expect(addresses(await all("&minPrice=425000&maxPrice=425000"))).toEqual(["456 Oak Ave"]);
    const range = everything.filter((l) => l.list_price >= 300_000 && l.list_price <= 450_000);
    expect(range.length).toBeGreaterThan(1);
    expect(range.length).toBeLessThan(TOTAL);
    const r = await api("/v1/listings?minPrice=300000&maxPrice=450000&limit=100");
    expect(addresses(r.body.data.listings)).toEqual(addresses(range));
    expect(r.body.data.stats.total).toBe(range.length);
    expect(Object.values(r.body.data.stats.byStatus as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      range.length,
    );
    expect(addresses(await all("&minPrice=800000"))).toEqual(
      addresses(everything.filter((l) => l.list_price >= 800_000)),
    );
    expect(addresses(await all("&maxPrice=389000&status=active"))).toEqual(
      addresses(everything.filter((l) => l.list_price <= 389_000 && l.status === "active")),
    );
    expect(fields(expectError(await api("/v1/listings?minPrice=-5"), 400, "VALIDATION_ERROR"))).toEqual(["minPrice"]);
    expect(fields(expectError(await api("/v1/listings?minPrice=5&maxPrice=4"), 400, "VALIDATION_ERROR"))).toEqual([
      "maxPrice",
    ]);
    expect(fields(expectError(await api("/v1/listings?maxPrice=cheap"), 400, "VALIDATION_ERROR"))).toEqual([
      "maxPrice",
    ]);
  });
});

describe("listings: create and read", () => {
  it("creates with defaults; computed fields from created_at when there is no listing date", async () => {
    const r = await create({ address: " 12 New Rd ", list_price: 250_000 });
    expect(r.status).toBe(201);
    expect(r.body.data).toEqual({
      id: expect.stringMatching(UUID),
      mls_number: null,
      address: "12 New Rd",
      city: null,
      state: null,
      zip_code: null,
      list_price: 250_000,
      status: "active",
      property_type: null,
      bedrooms: null,
      bathrooms: null,
      square_feet: null,
      lot_size: null,
      year_built: null,
      days_on_market: 0,
      price_per_sqft: null,
      description: null,
      showing_instructions: null,
      listing_date: null,
      expiration_date: null,
      photos: [],
      virtual_tour_url: null,
      version: 1,
      created_at: NOW,
      updated_at: NOW,
    });
    const got = await api(`/v1/listings/${r.body.data.id}`);
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual(r.body.data);
    await clock({ advanceMs: 2 * DAY + 3_600_000 });
    expect((await api(`/v1/listings/${r.body.data.id}`)).body.data.days_on_market).toBe(2);
    expect((await api("/v1/listings?limit=1")).body.data.meta.total).toBe(TOTAL + 1);
  });

  it("stores every writable field and computes days_on_market and price_per_sqft on each read", async () => {
    const body = {
      address: "40 Pine Ct",
      city: "Tehachapi",
      state: "CA",
      zip_code: "93561",
      mls_number: "ML80000001",
      list_price: 333_333,
      status: "Pending",
      property_type: "Townhouse",
      bedrooms: 3,
      bathrooms: 2.5,
      square_feet: 1_500,
      lot_size: 0.12,
      year_built: 1999,
      description: "Corner unit",
      showing_instructions: "Call first",
      listing_date: "2026-06-21",
      expiration_date: "2026-12-21",
      photos: ["https://img.example.com/1.jpg"],
      virtual_tour_url: "https://tour.example.com/40-pine",
    };
    const r = await create({ ...body, days_on_market: 999, price_per_sqft: 1 });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({
      ...body,
      status: "pending",
      property_type: "townhouse",
      price_per_sqft: 222.22,
      days_on_market: 10,
    });
    await clock({ now: "2026-07-04T16:00:00.000Z" });
    expect((await api(`/v1/listings/${r.body.data.id}`)).body.data.days_on_market).toBe(13);
    // A listing date in the future is not negative time on the market.
    const future = await create({ address: "41 Pine Ct", list_price: 1, listing_date: "2026-08-01" });
    expect(future.body.data.days_on_market).toBe(0);
  });

  it("validates required fields, ranges and enums, all at once", async () => {
    const bad = async (body: unknown) => fields(expectError(await create(body), 400, "VALIDATION_ERROR"));
    const e = expectError(await create({}), 400, "VALIDATION_ERROR");
    expect(e.message).toBe("Invalid request data");
    expect(fields(e)).toEqual(["address", "list_price"]);
    const ok = { address: "x", list_price: 100_000 };
    expect(await bad({ ...ok, list_price: 0 })).toEqual(["list_price"]);
    expect(await bad({ ...ok, list_price: -1 })).toEqual(["list_price"]);
    expect(await bad({ ...ok, list_price: null })).toEqual(["list_price"]);
    expect(await bad({ ...ok, bedrooms: 21 })).toEqual(["bedrooms"]);
    expect(await bad({ ...ok, bedrooms: -1 })).toEqual(["bedrooms"]);
    expect(await bad({ ...ok, bathrooms: -0.5 })).toEqual(["bathrooms"]);
    expect(await bad({ ...ok, square_feet: 0 })).toEqual(["square_feet"]);
    expect(await bad({ ...ok, status: "coming_soon" })).toEqual(["status"]);
    expect(await bad({ ...ok, property_type: "castle" })).toEqual(["property_type"]);
    expect(await bad({ ...ok, listing_date: "June 1" })).toEqual(["listing_date"]);
    expect(await bad({ ...ok, photos: ["not a url"] })).toEqual(["photos.0"]);
    expect(await bad({ address: "", list_price: 0, bedrooms: 30 })).toEqual(["address", "bedrooms", "list_price"]);
    for (const edge of [{ bedrooms: 0 }, { bedrooms: 20 }, { bathrooms: 0 }, { square_feet: 1, list_price: 10_000 }]) {
      expect((await create({ ...ok, ...edge })).status, JSON.stringify(edge)).toBe(201);
    }
  });

  it("bounds year_built from 1800 to the sandbox's current year + 2", async () => {
    const ok = { address: "x", list_price: 100_000 };
    expect((await create({ ...ok, year_built: 1800 })).status).toBe(201);
    expect((await create({ ...ok, year_built: 2028 })).status).toBe(201);
    expect(fields(expectError(await create({ ...ok, year_built: 1799 }), 400, "VALIDATION_ERROR"))).toEqual([
      "year_built",
    ]);
    expect(fields(expectError(await create({ ...ok, year_built: 2029 }), 400, "VALIDATION_ERROR"))).toEqual([
      "year_built",
    ]);
    expect(fields(expectError(await create({ ...ok, year_built: 1999.5 }), 400, "VALIDATION_ERROR"))).toEqual([
      "year_built",
    ]);
    await clock({ now: "2027-03-01T00:00:00.000Z" });
    expect((await create({ ...ok, year_built: 2029 })).status).toBe(201);
    expect(fields(expectError(await create({ ...ok, year_built: 2030 }), 400, "VALIDATION_ERROR"))).toEqual([
      "year_built",
    ]);
  });

  it("rejects a price per square foot over 10000, on create and on update", async () => {
    const atLimit = await create({ address: "x", list_price: 10_000_000, square_feet: 1_000 });
    expect(atLimit.status).toBe(201);
    expect(atLimit.body.data.price_per_sqft).toBe(10_000);
    const over = expectError(
      await create({ address: "x", list_price: 10_000_001, square_feet: 1_000 }),
      400,
      "VALIDATION_ERROR",
    );
    expect(fields(over)).toEqual(["list_price"]);
    // Reported beside the other problems, not instead of them.
    expect(
      fields(
        expectError(await create({ address: "", list_price: 5_000_000, square_feet: 100 }), 400, "VALIDATION_ERROR"),
      ),
    ).toEqual(["address", "list_price"]);
    const id = atLimit.body.data.id;
    const shrink = await api(`/v1/listings/${id}`, { method: "PUT", body: { square_feet: 999 } });
    expect(fields(expectError(shrink, 400, "VALIDATION_ERROR"))).toEqual(["list_price"]);
    const raise = await api(`/v1/listings/${id}`, { method: "PUT", body: { list_price: 10_000_010 } });
    expect(fields(expectError(raise, 400, "VALIDATION_ERROR"))).toEqual(["list_price"]);
    // Without a floor area there is no ratio to check.
    const cleared = await api(`/v1/listings/${id}`, {
      method: "PUT",
      body: { square_feet: null, list_price: 99_000_000 },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.data).toMatchObject({ square_feet: null, price_per_sqft: null, version: 2 });
  });

  it("is 404 for unknown and malformed ids", async () => {
    expectError(await api("/v1/listings/00000000-0000-4000-8000-000000000000"), 404, "NOT_FOUND");
    expectError(await api("/v1/listings/ML81992437"), 404, "NOT_FOUND");
  });
});

describe("listings: update and delete", () => {
  const oak = async (): Promise<Listing> => {
    const found = (await all()).find((l) => l.mls_number === "ML81992437");
    if (!found) throw new Error("456 Oak Ave missing");
    return found;
  };

  it("updates partially with optimistic versions; computed fields follow", async () => {
    const l = await oak();
    await clock({ now: "2026-07-02T10:00:00.000Z" });
    const r = await api(`/v1/listings/${l.id}`, { method: "PUT", body: { list_price: 420_000, version: 1 } });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({
      ...l,
      list_price: 420_000,
      price_per_sqft: 150,
      days_on_market: daysSince(l.listing_date ?? "x", "2026-07-02T10:00:00.000Z"),
      version: 2,
      updated_at: "2026-07-02T10:00:00.000Z",
    });
    const stale = await api(`/v1/listings/${l.id}`, { method: "PUT", body: { description: "x", version: 1 } });
    expect(expectError(stale, 409, "VERSION_CONFLICT").details).toEqual({ currentVersion: 2, attemptedVersion: 1 });
    expectError(await api(`/v1/listings/${l.id}`, { method: "PUT", body: { nope: true } }), 400, "NO_UPDATES");
    expectError(await api(`/v1/listings/${l.id}`, { method: "PUT", body: { days_on_market: 3 } }), 400, "NO_UPDATES");
    expect(
      fields(
        expectError(
          await api(`/v1/listings/${l.id}`, { method: "PUT", body: { bedrooms: 50 } }),
          400,
          "VALIDATION_ERROR",
        ),
      ),
    ).toEqual(["bedrooms"]);
    expectError(
      await api("/v1/listings/00000000-0000-4000-8000-000000000000", { method: "PUT", body: { description: "x" } }),
      404,
      "NOT_FOUND",
    );
    const cleared = await api(`/v1/listings/${l.id}`, { method: "PUT", body: { description: null } });
    expect(cleared.body.data).toMatchObject({ description: null, version: 3 });
  });

  it("does not enforce status transitions, and emits listing.status_changed only on a change", async () => {
    const path = await subscribe(["listing.created", "listing.updated", "listing.status_changed", "listing.deleted"]);
    const l = await oak();
    const sold = await api(`/v1/listings/${l.id}`, { method: "PUT", body: { status: "SOLD" } });
    expect(sold.body.data.status).toBe("sold");
    await api(`/v1/listings/${l.id}`, { method: "PUT", body: { description: "Sold over asking" } });
    const back = await api(`/v1/listings/${l.id}`, { method: "PUT", body: { status: "active" } });
    expect(back.status).toBe(200);
    expect(back.body.data.status).toBe("active");
    const got = await received(path, 5);
    const byEvent = (name: string) => got.filter((b) => b.event === name).map((b) => b.data);
    expect(byEvent("listing.status_changed")).toEqual(
      expect.arrayContaining([
        { id: l.id, address: "456 Oak Ave", previous_status: "pending", status: "sold" },
        { id: l.id, address: "456 Oak Ave", previous_status: "sold", status: "active" },
      ]),
    );
    expect(byEvent("listing.status_changed")).toHaveLength(2);
    const base = { id: l.id, mls_number: "ML81992437", address: "456 Oak Ave", list_price: 425_000 };
    expect(byEvent("listing.updated")).toEqual(
      expect.arrayContaining([
        { ...base, status: "sold" },
        { ...base, status: "sold" },
        { ...base, status: "active" },
      ]),
    );
    expect(byEvent("listing.updated")).toHaveLength(3);
  });

  it("creates and deletes with events; a deleted listing is gone", async () => {
    const path = await subscribe(["listing.created", "listing.deleted"]);
    const r = await create({ address: "5 Gone St", list_price: 123_000, mls_number: "ML1" });
    const id = r.body.data.id;
    const del = await api(`/v1/listings/${id}`, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(del.body.data).toEqual({ id });
    expectError(await api(`/v1/listings/${id}`), 404, "NOT_FOUND");
    expectError(await api(`/v1/listings/${id}`, { method: "DELETE" }), 404, "NOT_FOUND");
    expectError(await api(`/v1/listings/${id}`, { method: "PUT", body: { city: "x" } }), 404, "NOT_FOUND");
    const got = await received(path, 2);
    expect(got.map((b) => b.event).sort()).toEqual(["listing.created", "listing.deleted"]);
    expect(got.find((b) => b.event === "listing.created")?.data).toEqual({
      id,
      mls_number: "ML1",
      address: "5 Gone St",
      list_price: 123_000,
      status: "active",
    });
    expect(got.find((b) => b.event === "listing.deleted")?.data).toEqual({ id });
  });
});

describe("listings: access", () => {
  it("needs listings scopes on a key; a JWT works", async () => {
    const digest = await fixtureKey("escrow-digest");
    const e = expectError(await api("/v1/listings", { key: digest }), 403, "INSUFFICIENT_SCOPE");
    expect(e.required_scope).toBe("listings:read");
    expect(e.details.required_scope).toBe("listings:read");
    const leads = await fixtureKey("lead-capture");
    expect(
      expectError(await api("/v1/listings", { key: leads, method: "POST", body: {} }), 403, "INSUFFICIENT_SCOPE")
        .required_scope,
    ).toBe("listings:write");
    const jordan = (await login(USERS.jordan, IP)).accessToken;
    const r = await call("/v1/listings?limit=1", { token: jordan, ip: IP });
    expect(r.body.data.meta.total).toBe(TOTAL);
    const sam = (await login(USERS.sam, IP)).accessToken;
    expectError(await call("/v1/listings", { token: sam, ip: IP }), 403, "ACCOUNT_NOT_ACTIVE");
  });
});
