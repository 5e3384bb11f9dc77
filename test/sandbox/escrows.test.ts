import { beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { CapturedRequest } from "../support/captured-request";
import { type ApiResult, call, expectError, fixtureKey, login, resetSandbox, USERS } from "../support/sandbox-client";

// Escrows (spec §2.7), against Appendix A's fixtures: 45 escrows ESC-2026-0001..0045, owned by Jordan.
const IP = "10.41.0.1";
const NOW = "2026-07-01T16:00:00.000Z";
const FIXTURE_WEBHOOK = "wh_3f9a1c7e2b40";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOTAL = 45;

/** Every field of the escrow record (spec §2.7), plus `timeline`, the stored custom timeline (null when none). */
const RECORD_KEYS = [
  "id",
  "display_id",
  "escrow_number",
  "property_address",
  "display_address",
  "city",
  "state",
  "zip_code",
  "property_type",
  "purchase_price",
  "escrow_status",
  "status",
  "representation_type",
  "earnest_money_deposit",
  "acceptance_date",
  "emd_date",
  "physical_inspection_date",
  "appraisal_ordered_date",
  "appraisal_completed_date",
  "inspection_contingency_removal_date",
  "appraisal_contingency_removal_date",
  "loan_contingency_removal_date",
  "all_contingencies_removal_date",
  "closing_date",
  "actual_coe_date",
  "contingencies",
  "buyers",
  "sellers",
  "escrow_company",
  "escrow_officer_name",
  "escrow_officer_email",
  "escrow_officer_phone",
  "title_company",
  "loan_officer_name",
  "lead_source",
  "commission_percentage",
  "commission_type",
  "gross_commission",
  "net_commission",
  "notes",
  "timeline",
  "is_archived",
  "archived_at",
  "version",
  "created_at",
  "updated_at",
  "last_modified_by",
].sort();

interface Escrow {
  id: string;
  display_id: string;
  property_address: string;
  purchase_price: number | null;
  escrow_status: string;
  closing_date: string | null;
  gross_commission: number | null;
  created_at: string;
  [k: string]: unknown;
}

const captureUrl = inject("captureUrl");
let full: string;
let digest: string;
let jordanId: string;
let run = 0;

beforeAll(async () => {
  full = await fixtureKey("full-access");
  digest = await fixtureKey("escrow-digest");
});
beforeEach(async () => {
  await resetSandbox();
  await clock({ now: NOW, frozen: true });
  jordanId = (await login(USERS.jordan, IP)).user.id;
  run++;
});

const api = (path: string, opts: Parameters<typeof call>[1] = {}) => call(path, { key: full, ip: IP, ...opts });
const fields = (e: { details: Array<{ field: string }> }) => e.details.map((d) => d.field).sort();

async function clock(change: { now?: string; advanceMs?: number; frozen?: boolean }): Promise<void> {
  const r = await call("/__sandbox/clock", { method: "POST", body: change });
  if (r.status !== 200) throw new Error(`clock failed: ${r.status} ${JSON.stringify(r.body)}`);
}

/** Every escrow the list returns for `query` (one page of 100 holds them all). */
async function all(query = ""): Promise<Escrow[]> {
  const r = await api(`/v1/escrows?limit=100${query}`);
  expect(r.status).toBe(200);
  expect(r.body.data.meta.total).toBe(r.body.data.escrows.length);
  return r.body.data.escrows;
}

async function byDisplayId(displayId: string): Promise<Escrow> {
  const r = await api(`/v1/escrows/${displayId}`);
  if (r.status !== 200) throw new Error(`GET ${displayId}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data;
}

const ids = (list: Escrow[]) => list.map((e) => e.display_id).sort();
const round2 = (n: number) => Math.round(n * 100) / 100;

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls (bounded) until `check` returns a value. */
async function eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await pause(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A capture-server subscription of Maria's (Jordan is in her team, so his changes reach it). */
async function subscribe(events: string[]): Promise<string> {
  const path = `/ok/escrows-${run}-${Date.now().toString(36)}`;
  const maria = (await login(USERS.maria, IP)).accessToken;
  const r = await call("/v1/webhooks", {
    method: "POST",
    token: maria,
    ip: IP,
    body: { url: `${captureUrl}${path}`, events, secret: "escrow-test-secret" },
  });
  if (r.status !== 201) throw new Error(`subscribe failed: ${r.status} ${JSON.stringify(r.body)}`);
  return path;
}

async function received(path: string, n: number): Promise<Array<{ event: string; data: Record<string, unknown> }>> {
  const got = await eventually(async () => {
    const res = await fetch(`${captureUrl}/__captured?path=${encodeURIComponent(path)}`);
    const list = (await res.json()) as CapturedRequest[];
    return list.length >= n ? list : undefined;
  }, `${n} deliveries at ${path}`);
  return got.map((r) => JSON.parse(r.body));
}

describe("escrows: list", () => {
  it("defaults to 20 per page, newest first, with meta and stats over all 45", async () => {
    const r = await api("/v1/escrows");
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(Object.keys(r.body).sort()).toEqual(["data", "success", "timestamp"]);
    expect(Object.keys(r.body.data).sort()).toEqual(["escrows", "meta", "stats"]);
    expect(r.body.data.meta).toEqual({ page: 1, limit: 20, total: TOTAL, totalPages: 3, hasMore: true });
    expect(r.body.data.escrows).toHaveLength(20);
    for (const e of r.body.data.escrows) expect(Object.keys(e).sort()).toEqual(RECORD_KEYS);

    const everything = await all();
    expect(everything).toHaveLength(TOTAL);
    const created = everything.map((e) => e.created_at);
    expect([...created].sort().reverse()).toEqual(created);
    expect(r.body.data.escrows).toEqual(everything.slice(0, 20));
    expect(new Set(everything.map((e) => e.display_id))).toEqual(
      new Set(Array.from({ length: TOTAL }, (_, i) => `ESC-2026-${String(i + 1).padStart(4, "0")}`)),
    );
    expect(r.body.data.stats).toEqual({
      total: TOTAL,
      totalVolume: round2(everything.reduce((s, e) => s + (e.purchase_price ?? 0), 0)),
      totalCommission: round2(everything.reduce((s, e) => s + (e.gross_commission ?? 0), 0)),
    });
    expect(r.body.data.stats.totalVolume).toBeGreaterThan(0);
  });

  it("pages through all 45 and returns an empty page past the end", async () => {
    const everything = await all();
    const pages = await Promise.all([1, 2, 3].map((p) => api(`/v1/escrows?page=${p}`)));
    expect(pages.map((p) => p.body.data.escrows.length)).toEqual([20, 20, 5]);
    expect(pages.map((p) => p.body.data.meta.hasMore)).toEqual([true, true, false]);
    expect(pages.map((p) => p.body.data.meta.page)).toEqual([1, 2, 3]);
    expect(pages.flatMap((p) => p.body.data.escrows)).toEqual(everything);

    const past = await api("/v1/escrows?page=4");
    expect(past.status).toBe(200);
    expect(past.body.data.escrows).toEqual([]);
    expect(past.body.data.meta).toEqual({ page: 4, limit: 20, total: TOTAL, totalPages: 3, hasMore: false });
    const far = await api("/v1/escrows?page=50&limit=10");
    expect(far.body.data.meta).toEqual({ page: 50, limit: 10, total: TOTAL, totalPages: 5, hasMore: false });
    expect(far.body.data.escrows).toEqual([]);
  });

  it("accepts limit up to 100; bad page or limit is 400 naming the field", async () => {
    const max = await api("/v1/escrows?limit=100");
    expect(max.body.data.meta).toEqual({ page: 1, limit: 100, total: TOTAL, totalPages: 1, hasMore: false });
    const seven = await api("/v1/escrows?limit=7&page=7");
    expect(seven.body.data.escrows).toHaveLength(3);
    expect(seven.body.data.meta).toEqual({ page: 7, limit: 7, total: TOTAL, totalPages: 7, hasMore: false });
    for (const [query, field] of [
      ["limit=101", "limit"],
      ["limit=0", "limit"],
      ["limit=abc", "limit"],
      ["page=0", "page"],
      ["page=-1", "page"],
      ["page=1.5", "page"],
    ]) {
      expect(fields(expectError(await api(`/v1/escrows?${query}`), 400, "VALIDATION_ERROR")), query).toEqual([field]);
    }
  });

  it("filters by status case-insensitively; `all` means no filter; stats follow the filter", async () => {
    const everything = await all();
    for (const status of ["active", "pending", "closed", "cancelled"]) {
      const expected = everything.filter((e) => e.escrow_status === status);
      expect(expected.length, status).toBeGreaterThan(0);
      const r = await api(`/v1/escrows?status=${status.toUpperCase()}&limit=100`);
      expect(ids(r.body.data.escrows), status).toEqual(ids(expected));
      expect(r.body.data.meta.total).toBe(expected.length);
      expect(r.body.data.stats).toEqual({
        total: expected.length,
        totalVolume: round2(expected.reduce((s, e) => s + (e.purchase_price ?? 0), 0)),
        totalCommission: round2(expected.reduce((s, e) => s + (e.gross_commission ?? 0), 0)),
      });
    }
    expect(ids(await all("&status=All"))).toEqual(ids(everything));
    expect(ids(await all("&status=closed")).includes("ESC-2026-0031")).toBe(true);
    expect(fields(expectError(await api("/v1/escrows?status=open"), 400, "VALIDATION_ERROR"))).toEqual(["status"]);
  });

  it("searches property_address and display_id, case-insensitively", async () => {
    const everything = await all();
    const valley = await all("&search=VALLEY%20view");
    expect(ids(valley)).toEqual(
      ids(everything.filter((e) => e.property_address.toLowerCase().includes("valley view"))),
    );
    expect(ids(valley)).toContain("ESC-2026-0042");
    expect(ids(await all("&search=esc-2026-004"))).toEqual([
      "ESC-2026-0040",
      "ESC-2026-0041",
      "ESC-2026-0042",
      "ESC-2026-0043",
      "ESC-2026-0044",
      "ESC-2026-0045",
    ]);
    expect(ids(await all("&search=ESC-2026-0031"))).toEqual(["ESC-2026-0031"]);
    const oak = await all("&search=456%20oak");
    expect(ids(oak)).toEqual(["ESC-2026-0043"]);
    expect(await all("&search=no-such-place")).toEqual([]);
  });

  it("filters by minPrice and maxPrice, inclusive; bad values are 400", async () => {
    const everything = await all();
    expect(ids(await all("&minPrice=465000&maxPrice=465000"))).toEqual(
      ids(everything.filter((e) => e.purchase_price === 465_000)),
    );
    expect(ids(await all("&minPrice=465000&maxPrice=465000"))).toContain("ESC-2026-0042");
    const mid = await all("&minPrice=400000&maxPrice=500000");
    const expected = everything.filter((e) => (e.purchase_price ?? 0) >= 400_000 && (e.purchase_price ?? 0) <= 500_000);
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.length).toBeLessThan(TOTAL);
    expect(ids(mid)).toEqual(ids(expected));
    expect(ids(await all("&minPrice=700000"))).toEqual(
      ids(everything.filter((e) => (e.purchase_price ?? 0) >= 700_000)),
    );
    expect(ids(await all("&maxPrice=300000"))).toEqual(
      ids(everything.filter((e) => (e.purchase_price ?? 0) <= 300_000)),
    );
    expect(fields(expectError(await api("/v1/escrows?minPrice=-1"), 400, "VALIDATION_ERROR"))).toEqual(["minPrice"]);
    // Sandbox choice: an empty range is a mistake, not an empty list.
    expect(fields(expectError(await api("/v1/escrows?minPrice=5&maxPrice=4"), 400, "VALIDATION_ERROR"))).toEqual([
      "maxPrice",
    ]);
    expect(fields(expectError(await api("/v1/escrows?maxPrice=lots"), 400, "VALIDATION_ERROR"))).toEqual(["maxPrice"]);
  });

  it("filters by closingDateStart and closingDateEnd, inclusive on closing_date", async () => {
    const everything = await all();
    expect(ids(await all("&closingDateStart=2026-07-20&closingDateEnd=2026-07-20"))).toEqual(
      ids(everything.filter((e) => e.closing_date === "2026-07-20")),
    );
    expect(ids(await all("&closingDateStart=2026-07-20&closingDateEnd=2026-07-20"))).toContain("ESC-2026-0042");
    const july = everything.filter(
      (e) => e.closing_date !== null && e.closing_date >= "2026-07-01" && e.closing_date <= "2026-07-31",
    );
    expect(july.length).toBeGreaterThan(1);
    expect(ids(await all("&closingDateStart=2026-07-01&closingDateEnd=2026-07-31"))).toEqual(ids(july));
    expect(ids(await all("&closingDateEnd=2026-05-29"))).toEqual(
      ids(everything.filter((e) => e.closing_date !== null && e.closing_date <= "2026-05-29")),
    );
    expect(ids(await all("&closingDateEnd=2026-05-29"))).toContain("ESC-2026-0031");
    expect(ids(await all("&closingDateStart=2026-07-28"))).toEqual(
      ids(everything.filter((e) => e.closing_date !== null && e.closing_date >= "2026-07-28")),
    );
    expect(fields(expectError(await api("/v1/escrows?closingDateStart=07/20/2026"), 400, "VALIDATION_ERROR"))).toEqual([
      "closingDateStart",
    ]);
    expect(fields(expectError(await api("/v1/escrows?closingDateEnd=2026-02-30"), 400, "VALIDATION_ERROR"))).toEqual([
      "closingDateEnd",
    ]);
  });

  it("hides archived escrows by default; archived=true lists only them", async () => {
    const e42 = await byDisplayId("ESC-2026-0042");
    expect((await api("/v1/escrows/ESC-2026-0042/archive", { method: "PATCH" })).status).toBe(200);
    const live = await api("/v1/escrows?limit=100");
    expect(live.body.data.meta.total).toBe(TOTAL - 1);
    expect(ids(live.body.data.escrows)).not.toContain("ESC-2026-0042");
    expect((await all("&archived=false")).length).toBe(TOTAL - 1);
    const archived = await api("/v1/escrows?archived=true");
    expect(archived.body.data.escrows.map((e: Escrow) => e.id)).toEqual([e42.id]);
    expect(archived.body.data.meta).toEqual({ page: 1, limit: 20, total: 1, totalPages: 1, hasMore: false });
    expect(archived.body.data.stats).toEqual({ total: 1, totalVolume: 465_000, totalCommission: 11_625 });
    expect(archived.body.data.escrows[0]).toMatchObject({ is_archived: true, archived_at: NOW });
    expect(fields(expectError(await api("/v1/escrows?archived=maybe"), 400, "VALIDATION_ERROR"))).toEqual(["archived"]);
  });

  it("status=all with archived: unarchived escrows of every status by default, archived ones of every status on true", async () => {
    const before = await all("&status=all");
    expect(new Set(before.map((e) => e.escrow_status))).toEqual(new Set(["active", "pending", "closed", "cancelled"]));
    for (const id of ["ESC-2026-0042", "ESC-2026-0031"]) {
      expect((await api(`/v1/escrows/${id}/archive`, { method: "PATCH" })).status).toBe(200);
    }
    expect(ids(await all("&status=all"))).toEqual(
      ids(before.filter((e) => e.display_id !== "ESC-2026-0042" && e.display_id !== "ESC-2026-0031")),
    );
    expect(ids(await all("&status=all&archived=false"))).toEqual(ids(await all("&status=all")));
    expect(ids(await all("&status=all&archived=true"))).toEqual(["ESC-2026-0031", "ESC-2026-0042"]);
    expect(ids(await all("&status=closed&archived=true"))).toEqual(["ESC-2026-0031"]);
  });

  it("sorts by each documented field in either order; anything else sorts by created_at", async () => {
    const everything = await all();
    const asc = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
    const cases: Array<[string, (e: Escrow) => string | number]> = [
      ["purchase_price", (e) => e.purchase_price ?? 0],
      ["closing_date", (e) => e.closing_date ?? ""],
      ["property_address", (e) => e.property_address.toLowerCase()],
      ["created_at", (e) => e.created_at],
    ];
    for (const [sort, key] of cases) {
      const up = (await all(`&sort=${sort}&order=asc`)).map(key);
      expect(up, `${sort} asc`).toEqual(everything.map(key).sort(asc));
      const down = (await all(`&sort=${sort}&order=DESC`)).map(key);
      expect(down, `${sort} desc`).toEqual(everything.map(key).sort(asc).reverse());
      const byDefault = (await all(`&sort=${sort}`)).map(key);
      expect(byDefault, `${sort} default order`).toEqual(down);
    }
    expect((await all("&sort=purchase_price&order=asc"))[0]?.purchase_price).toBeLessThan(
      (await all("&sort=purchase_price&order=asc"))[TOTAL - 1]?.purchase_price ?? 0,
    );
    // An unknown sort falls back to created_at; the default order is descending.
    expect(await all("&sort=bogus")).toEqual(everything);
    expect((await all("&sort=bogus&order=asc")).map((e) => e.created_at)).toEqual(
      everything.map((e) => e.created_at).reverse(),
    );
  });
});

describe("escrows: read", () => {
  it("serves Appendix A's ESC-2026-0042 by UUID and by display id, case-insensitively", async () => {
    const e = await byDisplayId("ESC-2026-0042");
    expect(Object.keys(e).sort()).toEqual(RECORD_KEYS);
    expect(e).toMatchObject({
      display_id: "ESC-2026-0042",
      escrow_number: "ESC-2026-0042",
      property_address: "1234 Valley View Dr, Tehachapi, CA 93561",
      city: "Tehachapi",
      purchase_price: 465_000,
      escrow_status: "active",
      status: "active",
      earnest_money_deposit: 13_950,
      acceptance_date: "2026-06-20",
      emd_date: "2026-06-23",
      inspection_contingency_removal_date: "2026-07-07",
      appraisal_contingency_removal_date: "2026-07-07",
      loan_contingency_removal_date: "2026-07-11",
      closing_date: "2026-07-20",
      is_archived: false,
      archived_at: null,
      version: 1,
    });
    expect(e.id).toMatch(UUID);
    const byUuid = await api(`/v1/escrows/${e.id}`);
    expect(byUuid.status).toBe(200);
    expect(byUuid.body.data).toEqual(e);
    expect((await api("/v1/escrows/esc-2026-0042")).body.data).toEqual(e);
    expect((await api("/v1/escrows/Esc-2026-0042")).body.data).toEqual(e);

    expect(await byDisplayId("ESC-2026-0043")).toMatchObject({
      property_address: "456 Oak Ave, Tehachapi, CA 93561",
      purchase_price: 418_000,
      escrow_status: "pending",
      closing_date: "2026-07-28",
    });
    expect(await byDisplayId("ESC-2026-0031")).toMatchObject({
      city: "Bakersfield",
      escrow_status: "closed",
      actual_coe_date: "2026-05-29",
    });
  });

  it("is 404 for unknown and malformed ids", async () => {
    for (const id of ["ESC-2026-9999", "ESC-2025-0042", "00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      expectError(await api(`/v1/escrows/${id}`), 404, "NOT_FOUND");
    }
  });

  it("lets a JWT caller read, and a broker see the team's escrows", async () => {
    const jordan = (await login(USERS.jordan, IP)).accessToken;
    const maria = (await login(USERS.maria, IP)).accessToken;
    const mine = await call("/v1/escrows/ESC-2026-0042", { token: jordan, ip: IP });
    expect(mine.status).toBe(200);
    const team = await call("/v1/escrows?limit=1", { token: maria, ip: IP });
    expect(team.body.data.meta.total).toBe(TOTAL);
    expect((await call("/v1/escrows/ESC-2026-0042", { token: maria, ip: IP })).body.data).toEqual(mine.body.data);
  });
});

describe("escrows: create", () => {
  it("creates with the documented defaults and assigns ESC-2026-0046, then 0047", async () => {
    const r = await api("/v1/escrows", { method: "POST", body: { property_address: " 77 Sunset Way, Tehachapi " } });
    expect(r.status).toBe(201);
    expect(r.body.success).toBe(true);
    const e = r.body.data;
    expect(Object.keys(e).sort()).toEqual(RECORD_KEYS);
    expect(e).toEqual({
      id: expect.stringMatching(UUID),
      display_id: "ESC-2026-0046",
      escrow_number: "ESC-2026-0046",
      property_address: "77 Sunset Way, Tehachapi",
      display_address: null,
      city: null,
      state: null,
      zip_code: null,
      property_type: null,
      purchase_price: null,
      escrow_status: "pending",
      status: "pending",
      representation_type: "buyer",
      earnest_money_deposit: null,
      acceptance_date: null,
      emd_date: null,
      physical_inspection_date: null,
      appraisal_ordered_date: null,
      appraisal_completed_date: null,
      inspection_contingency_removal_date: null,
      appraisal_contingency_removal_date: null,
      loan_contingency_removal_date: null,
      all_contingencies_removal_date: null,
      closing_date: null,
      actual_coe_date: null,
      contingencies: [],
      buyers: [],
      sellers: [],
      escrow_company: null,
      escrow_officer_name: null,
      escrow_officer_email: null,
      escrow_officer_phone: null,
      title_company: null,
      loan_officer_name: null,
      lead_source: null,
      commission_percentage: null,
      commission_type: null,
      gross_commission: null,
      net_commission: null,
      notes: null,
      timeline: null,
      is_archived: false,
      archived_at: null,
      version: 1,
      created_at: NOW,
      updated_at: NOW,
      last_modified_by: jordanId,
    });
    expect((await api("/v1/escrows/ESC-2026-0046")).body.data).toEqual(e);
    const second = await api("/v1/escrows", { method: "POST", body: { property_address: "78 Sunset Way" } });
    expect(second.body.data.display_id).toBe("ESC-2026-0047");
    expect((await api("/v1/escrows?limit=1")).body.data.meta.total).toBe(TOTAL + 2);
    // Newest first: the two new ones lead the list.
    expect(ids((await api("/v1/escrows?limit=2")).body.data.escrows)).toEqual(["ESC-2026-0046", "ESC-2026-0047"]);
    // The sequence is per year of the sandbox clock.
    await clock({ now: "2027-01-02T10:00:00.000Z" });
    const nextYear = await api("/v1/escrows", { method: "POST", body: { property_address: "79 Sunset Way" } });
    expect(nextYear.body.data).toMatchObject({ display_id: "ESC-2027-0001", escrow_number: "ESC-2027-0001" });
    expect((await api("/v1/escrows/esc-2027-0001")).body.data.id).toBe(nextYear.body.data.id);
  });

  it("stores every writable field; enums lower-cased; a past closing_date is allowed", async () => {
    const body = {
      property_address: "500 Main St, Bakersfield, CA 93301",
      display_address: "500 Main St",
      city: "Bakersfield",
      state: "CA",
      zip_code: "93301",
      property_type: "Condo",
      purchase_price: 300_000,
      escrow_status: "ACTIVE",
      representation_type: "Dual",
      earnest_money_deposit: 9_000,
      acceptance_date: "2025-01-02",
      closing_date: "2025-02-01",
      actual_coe_date: "2025-02-01",
      contingencies: [{ type: "loan", due_date: "2025-01-23", status: "Removed" }, { type: "hoa" }],
      buyers: [{ name: "Ana Ruiz", email: "ANA@example.com" }],
      sellers: [{ name: "Bo Chen", phone: "(661) 555-0100" }],
      escrow_officer_email: "officer@example.com",
      commission_percentage: 3,
      commission_type: "percentage",
      notes: "Historical import",
    };
    const r = await api("/v1/escrows", { method: "POST", body });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({
      ...body,
      property_type: "condo",
      escrow_status: "active",
      status: "active",
      representation_type: "dual",
      contingencies: [
        { type: "loan", due_date: "2025-01-23", status: "removed" },
        { type: "hoa", due_date: null, status: "pending" },
      ],
      buyers: [{ name: "Ana Ruiz", email: "ana@example.com", phone: null }],
      sellers: [{ name: "Bo Chen", email: null, phone: "(661) 555-0100" }],
      gross_commission: 9_000,
    });
  });

  it("accepts the EMD as `earnest_money`; the canonical name wins when both are sent", async () => {
    const r = await api("/v1/escrows", {
      method: "POST",
      body: { property_address: "1 EMD Ct", purchase_price: 200_000, earnest_money: 6_000 },
    });
    expect(r.status).toBe(201);
    expect(r.body.data.earnest_money_deposit).toBe(6_000);
    expect(r.body.data).not.toHaveProperty("earnest_money");
    const both = await api("/v1/escrows", {
      method: "POST",
      body: { property_address: "2 EMD Ct", purchase_price: 200_000, earnest_money: 1, earnest_money_deposit: 2 },
    });
    expect(both.body.data.earnest_money_deposit).toBe(2);
    const put = await api(`/v1/escrows/${r.body.data.id}`, { method: "PUT", body: { earnest_money: 7_500 } });
    expect(put.body.data.earnest_money_deposit).toBe(7_500);
    // The alias obeys the same rule as the canonical field.
    const tooMuch = await api("/v1/escrows", {
      method: "POST",
      body: { property_address: "3 EMD Ct", purchase_price: 1_000, earnest_money: 1_001 },
    });
    expect(fields(expectError(tooMuch, 400, "VALIDATION_ERROR"))).toEqual(["earnest_money_deposit"]);
  });

  it("validates price, EMD, parties, dates and enums, naming each field", async () => {
    const bad = async (body: unknown) =>
      fields(expectError(await api("/v1/escrows", { method: "POST", body }), 400, "VALIDATION_ERROR"));
    const e = expectError(await api("/v1/escrows", { method: "POST", body: {} }), 400, "VALIDATION_ERROR");
    expect(e.message).toBe("Invalid request data");
    expect(e.details).toEqual([{ field: "property_address", message: expect.any(String) }]);
    const party = (i: number) => ({ name: `Buyer ${i}` });
    const six = Array.from({ length: 6 }, (_, i) => party(i));
    const seven = Array.from({ length: 7 }, (_, i) => party(i));
    expect(await bad({ property_address: "x", purchase_price: 0 })).toEqual(["purchase_price"]);
    expect(await bad({ property_address: "x", purchase_price: -5 })).toEqual(["purchase_price"]);
    expect(await bad({ property_address: "x", purchase_price: 100_000, earnest_money_deposit: 100_001 })).toEqual([
      "earnest_money_deposit",
    ]);
    expect(await bad({ property_address: "x", earnest_money_deposit: -1 })).toEqual(["earnest_money_deposit"]);
    expect(await bad({ property_address: "x", buyers: seven })).toEqual(["buyers"]);
    expect(await bad({ property_address: "x", sellers: seven })).toEqual(["sellers"]);
    expect(await bad({ property_address: "x", buyers: [{ email: "a@example.com" }] })).toEqual(["buyers.0.name"]);
    expect(await bad({ property_address: "x", buyers: [{ name: "A", email: "nope" }] })).toEqual(["buyers.0.email"]);
    expect(await bad({ property_address: "x", closing_date: "2026-13-01" })).toEqual(["closing_date"]);
    expect(await bad({ property_address: "x", acceptance_date: "2026-07-01T00:00:00Z" })).toEqual(["acceptance_date"]);
    expect(await bad({ property_address: "x", escrow_status: "open" })).toEqual(["escrow_status"]);
    expect(await bad({ property_address: "x", property_type: "castle" })).toEqual(["property_type"]);
    expect(await bad({ property_address: "x", representation_type: "agent" })).toEqual(["representation_type"]);
    expect(await bad({ property_address: "x", contingencies: [{ type: "loan", status: "late" }] })).toEqual([
      "contingencies.0.status",
    ]);
    // All problems at once.
    expect(await bad({ purchase_price: 0, buyers: seven, closing_date: "soon" })).toEqual([
      "buyers",
      "closing_date",
      "property_address",
      "purchase_price",
    ]);
    // The EMD rule spans two fields and is still reported beside another field's problem.
    expect(await bad({ property_address: "x", purchase_price: 100, earnest_money: 200, buyers: seven })).toEqual([
      "buyers",
      "earnest_money_deposit",
    ]);
    // The limits themselves are allowed.
    const edge = await api("/v1/escrows", {
      method: "POST",
      body: {
        property_address: "x",
        purchase_price: 100_000,
        earnest_money_deposit: 100_000,
        buyers: six,
        sellers: six,
      },
    });
    expect(edge.status).toBe(201);
    expect(edge.body.data.buyers).toHaveLength(6);
    expect(edge.body.data.sellers).toHaveLength(6);
  });

  it("ignores read-only and unknown fields", async () => {
    const r = await api("/v1/escrows", {
      method: "POST",
      body: {
        property_address: "9 Ignore Ln",
        id: "11111111-1111-4111-8111-111111111111",
        display_id: "ESC-2026-0999",
        version: 7,
        created_at: "2020-01-01T00:00:00.000Z",
        is_archived: true,
        favourite_colour: "blue",
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ display_id: "ESC-2026-0046", version: 1, created_at: NOW, is_archived: false });
    expect(r.body.data.id).not.toBe("11111111-1111-4111-8111-111111111111");
    expect(r.body.data).not.toHaveProperty("favourite_colour");
  });
});

describe("escrows: update", () => {
  it("updates partially by display id with optimistic versions", async () => {
    await clock({ now: "2026-07-02T09:30:00.000Z" });
    const r = await api("/v1/escrows/esc-2026-0042", {
      method: "PUT",
      body: { notes: "Appraisal came in at value", version: 1 },
    });
    expect(r.status).toBe(200);
    const before = await api("/v1/escrows/ESC-2026-0043");
    expect(r.body.data).toMatchObject({
      display_id: "ESC-2026-0042",
      notes: "Appraisal came in at value",
      escrow_status: "active",
      purchase_price: 465_000,
      version: 2,
      created_at: "2026-06-20T17:00:00.000Z",
      updated_at: "2026-07-02T09:30:00.000Z",
      last_modified_by: jordanId,
    });
    expect((await api(`/v1/escrows/${r.body.data.id}`)).body.data).toEqual(r.body.data);
    expect(before.body.data.version).toBe(1);

    const stale = await api("/v1/escrows/ESC-2026-0042", { method: "PUT", body: { notes: "x", version: 1 } });
    expect(expectError(stale, 409, "VERSION_CONFLICT").details).toEqual({ currentVersion: 2, attemptedVersion: 1 });
    const ahead = await api("/v1/escrows/ESC-2026-0042", { method: "PUT", body: { notes: "x", version: 3 } });
    expect(expectError(ahead, 409, "VERSION_CONFLICT").details).toEqual({ currentVersion: 2, attemptedVersion: 3 });
    // Without a version, the last write wins.
    const lww = await api("/v1/escrows/ESC-2026-0042", { method: "PUT", body: { notes: null } });
    expect(lww.body.data).toMatchObject({ notes: null, version: 3 });
  });

  it("changes status through escrow_status or its alias; recomputes gross commission from the price", async () => {
    const r = await api("/v1/escrows/ESC-2026-0042", { method: "PUT", body: { status: "Pending" } });
    expect(r.body.data).toMatchObject({ escrow_status: "pending", status: "pending" });
    const p = await api("/v1/escrows/ESC-2026-0042", { method: "PUT", body: { purchase_price: 480_000 } });
    expect(p.body.data).toMatchObject({ purchase_price: 480_000, gross_commission: 12_000 });
  });

  it("rejects bad updates with the documented errors", async () => {
    expectError(await api("/v1/escrows/ESC-2026-0042", { method: "PUT", body: { bogus: 1 } }), 400, "NO_UPDATES");
    expectError(await api("/v1/escrows/ESC-2026-0042", { method: "PUT", body: {} }), 400, "NO_UPDATES");
    expectError(await api("/v1/escrows/ESC-2026-0042", { method: "PUT", body: { version: 1 } }), 400, "NO_UPDATES");
    const put = (body: unknown) => api("/v1/escrows/ESC-2026-0042", { method: "PUT", body });
    // The price may not drop below the stored EMD (13,950).
    expect(fields(expectError(await put({ purchase_price: 10_000 }), 400, "VALIDATION_ERROR"))).toEqual([
      "earnest_money_deposit",
    ]);
    expect(fields(expectError(await put({ purchase_price: 0 }), 400, "VALIDATION_ERROR"))).toEqual(["purchase_price"]);
    expect(fields(expectError(await put({ property_address: null }), 400, "VALIDATION_ERROR"))).toEqual([
      "property_address",
    ]);
    expect(fields(expectError(await put({ escrow_status: "done" }), 400, "VALIDATION_ERROR"))).toEqual([
      "escrow_status",
    ]);
    // Validation comes before lookup, lookup before the version check (spec §4.2).
    expectError(
      await api("/v1/escrows/ESC-2026-9999", { method: "PUT", body: { escrow_status: "done" } }),
      400,
      "VALIDATION_ERROR",
    );
    expectError(
      await api("/v1/escrows/ESC-2026-9999", { method: "PUT", body: { notes: "x", version: 9 } }),
      404,
      "NOT_FOUND",
    );
    expect((await api("/v1/escrows/ESC-2026-0042")).body.data.version).toBe(1);
  });

  it("sends escrow.status_changed to the fixture webhook on a status change only", async () => {
    const e = await byDisplayId("ESC-2026-0042");
    expect(
      (await api("/v1/escrows/ESC-2026-0042", { method: "PUT", body: { notes: "no status change" } })).status,
    ).toBe(200);
    const r = await api("/v1/escrows/ESC-2026-0042", { method: "PUT", body: { escrow_status: "closed" } });
    expect(r.status).toBe(200);
    // The fixture's URL never answers, so each delivery logs a failed first attempt (retries come minutes later).
    const rows = await eventually(async () => {
      const d = await call(`/__sandbox/deliveries?webhook_id=${FIXTURE_WEBHOOK}`);
      const list = d.body.data as Array<{
        event: string;
        body: string;
        attempt: number;
        headers: Record<string, string>;
      }>;
      const first = list.filter((x) => x.attempt === 1);
      return first.length > 0 ? first : undefined;
    }, "a delivery to the fixture webhook");
    // Only the subscribed event reached it (no escrow.updated), and only once: the first PUT changed no status.
    expect(rows.map((d) => [d.event, d.attempt])).toEqual([["escrow.status_changed", 1]]);
    const body = JSON.parse(rows[0]?.body ?? "{}");
    expect(body).toMatchObject({ event: "escrow.status_changed", timestamp: NOW });
    expect(body.data).toEqual({
      id: e.id,
      escrow_number: "ESC-2026-0042",
      property_address: "1234 Valley View Dr, Tehachapi, CA 93561",
      previous_status: "active",
      status: "closed",
    });
    expect(rows[0]?.headers["X-Webhook-Event"] ?? rows[0]?.headers["x-webhook-event"]).toBe("escrow.status_changed");
  });

  it("emits created, updated, status_changed, archived, restored and deleted with their catalog fields", async () => {
    const path = await subscribe([
      "escrow.created",
      "escrow.updated",
      "escrow.status_changed",
      "escrow.archived",
      "escrow.restored",
      "escrow.deleted",
    ]);
    const made = await api("/v1/escrows", { method: "POST", body: { property_address: "12 Event St" } });
    const id = made.body.data.id;
    await api(`/v1/escrows/${id}`, { method: "PUT", body: { escrow_status: "active" } });
    await api(`/v1/escrows/${id}`, { method: "PUT", body: { notes: "same status" } });
    await api(`/v1/escrows/${id}/archive`, { method: "PATCH" });
    await api(`/v1/escrows/${id}/restore`, { method: "PATCH" });
    await api(`/v1/escrows/${id}/archive`, { method: "PATCH" });
    expect((await api(`/v1/escrows/${id}`, { method: "DELETE" })).status).toBe(200);
    const got = await received(path, 8);
    const byEvent = (name: string) => got.filter((b) => b.event === name).map((b) => b.data);
    const base = { id, property_address: "12 Event St", escrow_number: "ESC-2026-0046" };
    expect(byEvent("escrow.created")).toEqual([{ ...base, status: "pending" }]);
    expect(byEvent("escrow.updated")).toEqual(
      expect.arrayContaining([
        { ...base, status: "active" },
        { ...base, status: "active" },
      ]),
    );
    expect(byEvent("escrow.updated")).toHaveLength(2);
    expect(byEvent("escrow.status_changed")).toEqual([{ ...base, previous_status: "pending", status: "active" }]);
    expect(byEvent("escrow.archived")).toEqual([
      { id, escrow_number: "ESC-2026-0046" },
      { id, escrow_number: "ESC-2026-0046" },
    ]);
    expect(byEvent("escrow.restored")).toEqual([{ id, escrow_number: "ESC-2026-0046" }]);
    expect(byEvent("escrow.deleted")).toEqual([{ id, escrow_number: "ESC-2026-0046" }]);
  });
});

describe("escrows: archive, restore, delete", () => {
  it("archives: GET is 404, the timeline is still served, and archiving again is 404", async () => {
    const e = await byDisplayId("ESC-2026-0043");
    await clock({ now: "2026-07-03T08:00:00.000Z" });
    const r = await api(`/v1/escrows/${e.id}/archive`, { method: "PATCH" });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.data).sort()).toEqual(RECORD_KEYS);
    expect(r.body.data).toEqual({
      ...e,
      is_archived: true,
      archived_at: "2026-07-03T08:00:00.000Z",
      version: 2,
      updated_at: "2026-07-03T08:00:00.000Z",
      last_modified_by: jordanId,
    });
    expectError(await api(`/v1/escrows/${e.id}`), 404, "NOT_FOUND");
    expectError(await api("/v1/escrows/ESC-2026-0043"), 404, "NOT_FOUND");
    expectError(await api("/v1/escrows/ESC-2026-0043", { method: "PUT", body: { notes: "x" } }), 404, "NOT_FOUND");
    const timeline = await api("/v1/escrows/ESC-2026-0043/timeline");
    expect(timeline.status).toBe(200);
    expect(timeline.body.data.length).toBeGreaterThan(0);
    expectError(await api(`/v1/escrows/${e.id}/archive`, { method: "PATCH" }), 404, "NOT_FOUND");
    expectError(await api("/v1/escrows/ESC-2026-0043/archive", { method: "PATCH" }), 404, "NOT_FOUND");
  });

  it("restores an archived escrow; restoring a live one is 404", async () => {
    expectError(await api("/v1/escrows/ESC-2026-0042/restore", { method: "PATCH" }), 404, "NOT_FOUND");
    await api("/v1/escrows/ESC-2026-0042/archive", { method: "PATCH" });
    const r = await api("/v1/escrows/esc-2026-0042/restore", { method: "PATCH" });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      display_id: "ESC-2026-0042",
      is_archived: false,
      archived_at: null,
      version: 3,
    });
    expect((await api("/v1/escrows/ESC-2026-0042")).body.data).toEqual(r.body.data);
    expectError(await api("/v1/escrows/ESC-2026-0042/restore", { method: "PATCH" }), 404, "NOT_FOUND");
    expectError(await api("/v1/escrows/ESC-2026-9999/archive", { method: "PATCH" }), 404, "NOT_FOUND");
  });

  it("deletes only archived escrows: 400 NOT_ARCHIVED first, then {id, display_id}, then 404", async () => {
    const e = await byDisplayId("ESC-2026-0031");
    expectError(await api("/v1/escrows/ESC-2026-0031", { method: "DELETE" }), 400, "NOT_ARCHIVED");
    expect((await byDisplayId("ESC-2026-0031")).id).toBe(e.id);
    await api("/v1/escrows/ESC-2026-0031/archive", { method: "PATCH" });
    const del = await api(`/v1/escrows/${e.id}`, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(del.body.data).toEqual({ id: e.id, display_id: "ESC-2026-0031" });
    expectError(await api(`/v1/escrows/${e.id}`), 404, "NOT_FOUND");
    expectError(await api("/v1/escrows/ESC-2026-0031/timeline"), 404, "NOT_FOUND");
    expectError(await api(`/v1/escrows/${e.id}`, { method: "DELETE" }), 404, "NOT_FOUND");
    expect((await all("&archived=true")).length).toBe(0);
    expect((await all()).length).toBe(TOTAL - 1);
    // Deleting by display id works the same way.
    await api("/v1/escrows/ESC-2026-0001/archive", { method: "PATCH" });
    expect((await api("/v1/escrows/esc-2026-0001", { method: "DELETE" })).body.data.display_id).toBe("ESC-2026-0001");
    // Display numbers are never reused.
    expect((await api("/v1/escrows", { method: "POST", body: { property_address: "x" } })).body.data.display_id).toBe(
      "ESC-2026-0046",
    );
  });
});

describe("escrows: timeline", () => {
  const ROWS_0042 = [
    { label: "Acceptance", date: "2026-06-20", completed: true },
    { label: "EMD Deposited", date: "2026-06-23", completed: true },
    { label: "Home Inspection", date: "2026-06-27", completed: true },
    { label: "Appraisal", date: "2026-06-25", completed: false },
    { label: "Inspection Contingency", date: "2026-07-07", completed: false },
    { label: "Appraisal Contingency", date: "2026-07-07", completed: false },
    { label: "Loan Contingency", date: "2026-07-11", completed: false },
    { label: "All Contingencies Removed", date: "2026-07-11", completed: false },
    { label: "Close of Escrow", date: "2026-07-20", completed: false },
  ];
  const timeline = async (id = "ESC-2026-0042") => {
    const r = await api(`/v1/escrows/${id}/timeline`);
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body.data)).toBe(true);
    return r.body.data;
  };

  it("builds ESC-2026-0042's nine rows in the fixed order, completed by the sandbox clock", async () => {
    expect(await timeline()).toEqual(ROWS_0042);
    const e = await byDisplayId("ESC-2026-0042");
    expect(await timeline(e.id)).toEqual(ROWS_0042);
    expect(await timeline("esc-2026-0042")).toEqual(ROWS_0042);
  });

  it("moves `completed` with the clock; rows 4 and 9 wait for the actual dates", async () => {
    await clock({ now: "2026-07-08T12:00:00.000Z" });
    const done = (rows: Array<{ completed: boolean }>) => rows.map((r) => r.completed);
    expect(done(await timeline())).toEqual([true, true, true, false, true, true, false, false, false]);
    await clock({ now: "2026-08-15T00:00:00.000Z" });
    expect(done(await timeline())).toEqual([true, true, true, false, true, true, true, true, false]);
    // Back before acceptance, nothing is done.
    await clock({ now: "2026-06-01T00:00:00.000Z" });
    expect(done(await timeline())).toEqual(ROWS_0042.map(() => false));

    await clock({ now: "2026-07-25T00:00:00.000Z" });
    const put = await api("/v1/escrows/ESC-2026-0042", {
      method: "PUT",
      body: { appraisal_completed_date: "2026-07-02", actual_coe_date: "2026-07-21" },
    });
    expect(put.status).toBe(200);
    const rows = await timeline();
    expect(rows[3]).toEqual({ label: "Appraisal", date: "2026-07-02", completed: true });
    expect(rows[8]).toEqual({ label: "Close of Escrow", date: "2026-07-20", completed: true });
    // An actual date still in the future leaves the row open.
    await api("/v1/escrows/ESC-2026-0042", { method: "PUT", body: { actual_coe_date: "2026-07-30" } });
    expect((await timeline())[8]).toEqual({ label: "Close of Escrow", date: "2026-07-20", completed: false });
  });

  it("keeps only rows with a date; falls back to the ordered appraisal and the actual COE", async () => {
    const make = async (body: Record<string, unknown>) =>
      (await api("/v1/escrows", { method: "POST", body: { property_address: "1 Row Rd", ...body } })).body.data.id;
    expect(await timeline(await make({}))).toEqual([]);
    expect(await timeline(await make({ acceptance_date: "2026-06-01", actual_coe_date: "2026-06-30" }))).toEqual([
      { label: "Acceptance", date: "2026-06-01", completed: true },
      { label: "Close of Escrow", date: "2026-06-30", completed: true },
    ]);
    expect(
      await timeline(await make({ appraisal_ordered_date: "2026-06-10", appraisal_completed_date: "2026-06-14" })),
    ).toEqual([{ label: "Appraisal", date: "2026-06-14", completed: true }]);
    expect(await timeline(await make({ closing_date: "2026-06-30" }))).toEqual([
      { label: "Close of Escrow", date: "2026-06-30", completed: false },
    ]);
  });

  it("serves ESC-2026-0031 (closed) with every row completed", async () => {
    const rows = await timeline("ESC-2026-0031");
    expect(rows.map((r: { label: string }) => r.label)).toEqual(ROWS_0042.map((r) => r.label));
    expect(rows.every((r: { completed: boolean }) => r.completed)).toBe(true);
    expect(rows[8]).toEqual({ label: "Close of Escrow", date: "2026-05-29", completed: true });
  });

  it("returns a stored custom timeline unchanged", async () => {
    const custom = [
      { label: "Offer signed", date: "2026-06-19", completed: true },
      { label: "Walk-through", date: null, completed: false },
    ];
    const put = await api("/v1/escrows/ESC-2026-0042", { method: "PUT", body: { timeline: custom } });
    expect(put.status).toBe(200);
    await clock({ now: "2027-01-01T00:00:00.000Z" });
    expect(await timeline()).toEqual(custom);
    await api("/v1/escrows/ESC-2026-0042", { method: "PUT", body: { timeline: null } });
    expect((await timeline()).map((r: { label: string }) => r.label)).toEqual(ROWS_0042.map((r) => r.label));
  });

  it("is 404 for an unknown escrow", async () => {
    expectError(await api("/v1/escrows/ESC-2026-9999/timeline"), 404, "NOT_FOUND");
    expectError(await api("/v1/escrows/00000000-0000-4000-8000-000000000000/timeline"), 404, "NOT_FOUND");
  });
});

describe("escrows: scopes", () => {
  const denied = (r: ApiResult, scope: string) => {
    const e = expectError(r, 403, "INSUFFICIENT_SCOPE");
    expect(e.required_scope).toBe(scope);
    expect(e.details.required_scope).toBe(scope);
  };

  it("lets the escrow-digest key read, never write", async () => {
    const as = (path: string, opts: Parameters<typeof call>[1] = {}) => api(path, { ...opts, key: digest });
    expect((await as("/v1/escrows")).body.data.meta.total).toBe(TOTAL);
    expect((await as("/v1/escrows/ESC-2026-0042")).status).toBe(200);
    expect((await as("/v1/escrows/ESC-2026-0042/timeline")).status).toBe(200);
    denied(await as("/v1/escrows", { method: "POST", body: { property_address: "x" } }), "escrows:write");
    // Scope comes before validation and lookup (spec §4.2).
    denied(await as("/v1/escrows", { method: "POST", body: { purchase_price: -1 } }), "escrows:write");
    denied(await as("/v1/escrows/ESC-2026-0042", { method: "PUT", body: { notes: "x" } }), "escrows:write");
    denied(await as("/v1/escrows/ESC-2026-9999", { method: "PUT", body: { notes: "x" } }), "escrows:write");
    denied(await as("/v1/escrows/ESC-2026-0042/archive", { method: "PATCH" }), "escrows:write");
    denied(await as("/v1/escrows/ESC-2026-0042/restore", { method: "PATCH" }), "escrows:write");
    denied(await as("/v1/escrows/ESC-2026-0042", { method: "DELETE" }), "escrows:delete");
    // Nothing changed.
    expect((await byDisplayId("ESC-2026-0042")).version).toBe(1);
    expect((await api("/v1/escrows?limit=1")).body.data.meta.total).toBe(TOTAL);
  });

  it("refuses keys without an escrows scope", async () => {
    denied(await api("/v1/escrows", { key: await fixtureKey("lead-capture") }), "escrows:read");
    denied(await api("/v1/escrows/ESC-2026-0042/timeline", { key: await fixtureKey("no-scopes") }), "escrows:read");
  });
});
