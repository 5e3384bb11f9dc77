import { env } from "cloudflare:workers";
import { createTransport } from "@actuallycare/shared/client/create-transport";
import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import {
  type Escrow,
  type EscrowListQuery,
  type EscrowsApi,
  escrowsApi,
} from "@actuallycare/shared/client/groups/escrows";
import { beforeEach, describe, expect, it } from "vitest";
import { configFrom } from "../../workers/escrow-digest/src/config/env";
import { parseRecipients, type Recipient } from "../../workers/escrow-digest/src/config/recipients";
import type { Snapshot } from "../../workers/escrow-digest/src/content/snapshot";
import { COUNTS_MAX_AGE_MS, d1ListCounts } from "../../workers/escrow-digest/src/ledger/list-counts";
import { composeDigest } from "../../workers/escrow-digest/src/run/compose-digest";
import { EscrowSource } from "../../workers/escrow-digest/src/run/escrow-source";
import {
  FIRST_RUN_MAX_PAGES,
  keepCombined,
  perStatusPages,
  startCombined,
} from "../../workers/escrow-digest/src/run/list-plan";
import { digestEnv, FIXTURE_NOW, resetAll, sandbox } from "./digest-helpers";
import { escrow } from "./fixtures";

const db = env.ESCROW_DIGEST_DB;
const BOTH = ["active", "pending"];

/** The API's escrow list over `escrows` (unarchived only, `status` or `all`, paged), counting every request. */
function countingApi(escrows: Escrow[]) {
  const requests: string[] = [];
  const api = {
    async list(q: EscrowListQuery) {
      const status = q.status ?? "all";
      const limit = q.limit ?? 20;
      const page = q.page ?? 1;
      requests.push(`list ${status}`);
      const rows = escrows.filter((e) => !e.is_archived && (status === "all" || e.escrow_status === status));
      const totalPages = Math.ceil(rows.length / limit);
      return {
        escrows: rows.slice((page - 1) * limit, page * limit),
        meta: { page, limit, total: rows.length, totalPages, hasMore: page < totalPages },
      };
    },
    async get(id: string) {
      requests.push(`get ${id}`);
      const e = escrows.find((x) => x.id === id && !x.is_archived);
      if (!e) throw new ActuallyCareError({ kind: "http", status: 404, message: "Escrow not found" });
      return e;
    },
    async timeline(id: string) {
      requests.push(`timeline ${id}`);
      return [];
    },
  };
  const lists = () => requests.filter((r) => r.startsWith("list ")).length;
  return { api: api as unknown as EscrowsApi, requests, lists };
}

/** `open` escrows, every fourth pending, and `closed` closed ones. */
function account(open: number, closed = 0): Escrow[] {
  return [
    ...Array.from({ length: open }, (_, i) => escrow({ escrow_status: i % 4 === 0 ? "pending" : "active" })),
    ...Array.from({ length: closed }, () => escrow({ escrow_status: "closed" })),
  ];
}

const recipients = parseRecipients(
  JSON.stringify([
    { email: "both@example.com", name: "Both", timeZone: "UTC" },
    { email: "active@example.com", name: "Active", timeZone: "UTC", escrows: { status: ["active"] } },
  ]),
);

/** One run over the account for both recipients, with the worker's D1 list counts as of `now`. */
async function run(escrows: Escrow[], now = FIXTURE_NOW) {
  const fake = countingApi(escrows);
  const source = new EscrowSource(fake.api, { counts: d1ListCounts(db, () => now), statuses: BOTH });
  const seen = [];
  for (const r of recipients) seen.push(await source.escrowsFor(r));
  return { ...fake, source, seen };
}

beforeEach(resetAll);

describe("the list plan", () => {
  it("starts combined without counts, and otherwise when its pages are no more than the per-status lists'", () => {
    expect(startCombined({}, BOTH)).toBe(true);
    expect(startCombined({ all: 5000 }, BOTH)).toBe(true); // no per-status count yet: page 1 decides
    expect(startCombined({ all: 150, active: 120, pending: 30 }, BOTH)).toBe(true); // 2 pages ≤ 2 + 1
    expect(startCombined({ all: 1_580, active: 60, pending: 20 }, BOTH)).toBe(false); // 16 > 1 + 1
    expect(startCombined({ all: 100, active: 100 }, ["active"])).toBe(true); // a tie: combined saves lookups
    expect(perStatusPages({ active: 0, pending: 201 }, BOTH)).toBe(4); // an empty list still costs a request
  });

  it("reads on after page 1 only while the total stays within the per-status pages, or the first-run cap", () => {
    expect(keepCombined(1_000, {}, BOTH)).toBe(true);
    expect(keepCombined(1_001, {}, BOTH)).toBe(false);
    expect(FIRST_RUN_MAX_PAGES).toBe(10);
    expect(keepCombined(1_500, { active: 1_125, pending: 375 }, BOTH)).toBe(true); // 15 ≤ 12 + 4
    expect(keepCombined(300, { active: 60, pending: 20 }, BOTH)).toBe(false); // 3 > 2
  });
});

describe("requests per run", () => {
  for (const n of [10, 100, 1_000]) {
    it(`lists ${n} open escrows (active and pending) in ⌈N/100⌉ pages, on the first run and the next`, async () => {
      const escrows = account(n);
      const first = await run(escrows);
      expect(first.lists()).toBe(Math.ceil(n / 100));
      expect(first.requests.every((r) => r === "list all")).toBe(true);
      expect(first.source.plan).toBe("combined");
      expect(first.seen[0]).toHaveLength(n);
      const active = escrows.filter((e) => e.escrow_status === "active").map((e) => e.id);
      expect(first.seen[1]?.map((e) => e.id).sort()).toEqual(active.sort());
      const next = await run(escrows);
      expect(next.lists()).toBe(Math.ceil(n / 100));
    });
  }

  it("keeps per-status lists when closed escrows dominate: one page spent finding out, then none", async () => {
    const escrows = account(80, 1_500);
    const first = await run(escrows);
    // Page 1 of status=all says 1,580 escrows (16 pages) on a first run: it switches to 1 + 1 pages.
    expect(first.requests).toEqual(["list all", "list active", "list pending"]);
    expect(first.source.plan).toBe("switched");
    expect(first.seen.map((s) => s.length)).toEqual([80, 60]);
    expect(await d1ListCounts(db, () => FIXTURE_NOW).get()).toEqual({ all: 1_580, active: 60, pending: 20 });
    const next = await run(escrows, FIXTURE_NOW + 86_400_000);
    expect(next.requests).toEqual(["list active", "list pending"]);
    expect(next.source.plan).toBe("per-status");
    // A week on, the total is measured again (the account may have archived its closed escrows).
    const archived = escrows.map((e) => (e.escrow_status === "closed" ? { ...e, is_archived: true } : e));
    const later = await run(archived, FIXTURE_NOW + 86_400_000 + COUNTS_MAX_AGE_MS + 1);
    expect(later.requests).toEqual(["list all"]);
    expect(later.source.plan).toBe("combined");
  });

  it("switches from the combined list once page 1 shows it grew past the per-status lists", async () => {
    await d1ListCounts(db, () => FIXTURE_NOW).put({ all: 100, active: 60, pending: 20 });
    const r = await run(account(80, 300));
    expect(r.requests).toEqual(["list all", "list active", "list pending"]);
    expect(await d1ListCounts(db, () => FIXTURE_NOW).get()).toMatchObject({ all: 380 });
  });

  it("reads like a first run when the counts cannot be read", async () => {
    const broken = { get: () => Promise.reject(new Error("D1_ERROR")), put: () => Promise.reject(new Error("x")) };
    const fake = countingApi(account(30));
    const source = new EscrowSource(fake.api, { counts: broken, statuses: BOTH });
    expect(await source.escrowsFor(recipients[0] as Recipient)).toHaveLength(30);
    expect(fake.requests).toEqual(["list all"]);
  });
});

describe("closed since the last digest", () => {
  const DATE = "2026-07-01";
  const both = recipients[0] as Recipient;

  /** Yesterday's digest showed `shown`; today's is composed over `escrows`. */
  async function digestAfter(shown: Escrow[], escrows: Escrow[], counts?: Record<string, number>) {
    const snapshot: Snapshot = Object.fromEntries(
      shown.map((e) => [e.id, { d: e.display_id, a: e.property_address, s: "active" }]),
    );
    await db
      .prepare("INSERT INTO recipient_state (recipient, digest_date, snapshot, updated_at) VALUES (?, ?, ?, ?)")
      .bind("both@example.com", "2026-06-30", JSON.stringify(snapshot), new Date(FIXTURE_NOW).toISOString())
      .run();
    if (counts) await d1ListCounts(db, () => FIXTURE_NOW).put(counts);
    const fake = countingApi(escrows);
    const source = new EscrowSource(fake.api, { counts: d1ListCounts(db, () => FIXTURE_NOW), statuses: BOTH });
    const config = { ...configFrom(digestEnv), recipients };
    const { digest } = await composeDigest({ db, config, source, now: () => FIXTURE_NOW }, both, DATE);
    const changes = digest.changes.map((c) => `${c.kind} ${c.displayId}`).sort();
    return { changes, lookups: fake.requests.filter((r) => r.startsWith("get ")), plan: source.plan };
  }

  function yesterdayAndToday() {
    const [kept, closing, cancelling, archiving] = account(4).map((e) => ({ ...e, escrow_status: "active" }));
    const shown = [kept, closing, cancelling, archiving] as Escrow[];
    const today = [
      kept,
      { ...closing, escrow_status: "closed" },
      { ...cancelling, escrow_status: "cancelled" },
      { ...archiving, is_archived: true },
    ] as Escrow[];
    const names = { closing: closing?.display_id, cancelling: cancelling?.display_id, archiving: archiving?.id };
    return { shown, today, names };
  }

  it("reads closed and cancelled from the combined list; only the archived one is looked up (404: removed)", async () => {
    const { shown, today, names } = yesterdayAndToday();
    const r = await digestAfter(shown, today);
    expect(r.plan).toBe("combined");
    expect(r.changes).toEqual(
      [`closed ${names.closing}`, `cancelled ${names.cancelling}`, `removed ${shown[3]?.display_id}`].sort(),
    );
    expect(r.lookups).toEqual([`get ${names.archiving}`]);
  });

  it("looks each one up on the per-status plan, with the same changes", async () => {
    const { shown, today, names } = yesterdayAndToday();
    const r = await digestAfter(shown, today, { all: 5_000, active: 1, pending: 0 });
    expect(r.plan).toBe("per-status");
    expect(r.changes).toEqual(
      [`closed ${names.closing}`, `cancelled ${names.cancelling}`, `removed ${shown[3]?.display_id}`].sort(),
    );
    expect(r.lookups).toHaveLength(3);
  });
});

describe("against the sandbox", () => {
  /** One run through the sandbox binding, recording each request's path and query. */
  async function sandboxRun(date: string) {
    const requests: string[] = [];
    const transport = await createTransport({
      baseUrl: "http://sandbox.internal/v1",
      apiKey: env.ACTUALLYCARE_API_KEY,
      fetch: (r) => {
        const url = new URL(r.url);
        requests.push(`${url.pathname}${url.search}`);
        return env.ACTUALLYCARE_API.fetch(r);
      },
    });
    const source = new EscrowSource(escrowsApi(transport), { counts: d1ListCounts(db, () => FIXTURE_NOW) });
    const config = configFrom(digestEnv);
    const jordan = config.recipients[0] as Recipient;
    const { digest } = await composeDigest({ db, config, source, now: () => FIXTURE_NOW }, jordan, date);
    return { digest, requests, jordan };
  }

  it("tells closed from archived the next day with one combined list and one lookup (the archived escrow)", async () => {
    const first = await sandboxRun("2026-07-01");
    expect(first.requests.filter((p) => p.startsWith("/v1/escrows?"))).toEqual([
      "/v1/escrows?limit=100&status=all&page=1",
    ]);
    await db
      .prepare("INSERT INTO recipient_state (recipient, digest_date, snapshot, updated_at) VALUES (?, ?, ?, ?)")
      .bind(
        first.jordan.email,
        "2026-07-01",
        JSON.stringify(first.digest.snapshot),
        new Date(FIXTURE_NOW).toISOString(),
      )
      .run();
    const [closing, archiving] = Object.keys(first.digest.snapshot);
    const headers = { "X-API-Key": env.ACTUALLYCARE_API_KEY, "Content-Type": "application/json" };
    const put = await sandbox(`/v1/escrows/${closing}`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ escrow_status: "closed" }),
    });
    expect(put.success).toBe(true);
    expect((await sandbox(`/v1/escrows/${archiving}/archive`, { method: "PATCH", headers })).success).toBe(true);
    const next = await sandboxRun("2026-07-02");
    const shown = first.digest.snapshot;
    expect(next.digest.changes.map((c) => `${c.kind} ${c.displayId}`)).toEqual([
      `closed ${shown[closing as string]?.d}`,
      `removed ${shown[archiving as string]?.d}`,
    ]);
    expect(next.requests.filter((p) => !p.endsWith("/timeline"))).toEqual([
      "/v1/escrows?limit=100&status=all&page=1",
      `/v1/escrows/${archiving}`,
    ]);
  });
});
