import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createTransport } from "@actuallycare/shared/client/create-transport";
import { escrowsApi } from "@actuallycare/shared/client/groups/escrows";
import { SubrequestBudget } from "@actuallycare/shared/client/subrequest-budget";
import { expect, it } from "vitest";
import { countingFetch, type SentRequest } from "../test/support/counting-fetch";
import { call, fixtureKey, resetSandbox } from "../test/support/sandbox-client";
import type { Config } from "../workers/escrow-digest/src/config/env";
import { parseRecipients } from "../workers/escrow-digest/src/config/recipients";
import { weekEndOf } from "../workers/escrow-digest/src/content/build-digest";
import { mattersBetween, milestonesOf } from "../workers/escrow-digest/src/content/milestones";
import { d1ListCounts } from "../workers/escrow-digest/src/ledger/list-counts";
import { d1TimelineCache } from "../workers/escrow-digest/src/ledger/timeline-cache";
import { composeDigest } from "../workers/escrow-digest/src/run/compose-digest";
import { EscrowSource } from "../workers/escrow-digest/src/run/escrow-source";
import { addDays } from "../workers/escrow-digest/src/schedule/zoned-time";

/** Open escrows per run, and how many recipients share one run (one consumer batch). */
const SIZES = [10, 100, 1000];
/**
 * A first run (no timeline cache, no list counts) for 1 and 10 recipients, then the next day's run with nothing
 * changed (both caches kept).
 */
const RUNS = [
  { recipients: 1, cache: "cold" },
  { recipients: 10, cache: "cold" },
  { recipients: 10, cache: "warm" },
] as const;
const DAY = 86_400_000;
const TODAY = "2026-07-01"; // the sandbox's fixture date
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * N open escrows like the fixtures: closings 1..60 days out, key dates from acceptance, every third one derived;
 * then `closed` escrows that closed 1..365 days ago and were never archived (an account that keeps its history).
 */
async function seed(n: number, key: string, closed = 0): Promise<void> {
  await resetSandbox();
  const limits = { rateLimits: { global: { limit: 1_000_000, windowMs: 900_000 } } };
  expect((await call("/__sandbox/config", { method: "POST", body: limits })).status).toBe(200);
  // The fixtures' own escrows leave the lists (archived), so N is exactly what the digest reads.
  for (let page = 1; ; page++) {
    const r = await call(`/v1/escrows?status=all&limit=100&page=${page}`, { key });
    for (const e of r.body.data.escrows) await call(`/v1/escrows/${e.id}/archive`, { method: "PATCH", key });
    if (!r.body.data.meta.hasMore) break;
  }
  const now = Date.parse(`${TODAY}T16:00:00Z`);
  for (let i = 0; i < n; i++) {
    const closing = now + (1 + ((i * 17) % 60)) * DAY;
    const acceptance = closing - 30 * DAY;
    const dates =
      i % 3 === 0
        ? {}
        : {
            inspection_contingency_removal_date: ymd(acceptance + 17 * DAY),
            appraisal_contingency_removal_date: ymd(acceptance + 17 * DAY),
            loan_contingency_removal_date: ymd(acceptance + 21 * DAY),
            closing_date: ymd(closing),
          };
    const r = await call("/v1/escrows", {
      method: "POST",
      key,
      body: {
        property_address: `${100 + i} Bench St, Tehachapi, CA 93561`,
        purchase_price: 400_000 + i,
        escrow_status: i % 4 === 0 ? "pending" : "active",
        acceptance_date: ymd(acceptance),
        emd_date: ymd(acceptance + 3 * DAY),
        ...dates,
      },
    });
    expect(r.status).toBe(201);
  }
  for (let i = 0; i < closed; i++) {
    const closing = now - (1 + (i % 365)) * DAY;
    const r = await call("/v1/escrows", {
      method: "POST",
      key,
      body: {
        property_address: `${100 + i} Closed Ave, Tehachapi, CA 93561`,
        purchase_price: 300_000 + i,
        escrow_status: "closed",
        acceptance_date: ymd(closing - 30 * DAY),
        closing_date: ymd(closing),
        actual_coe_date: ymd(closing),
      },
    });
    expect(r.status).toBe(201);
  }
}

const benchEnv = env as unknown as { BENCH_DIGEST_DB: D1Database; BENCH_DIGEST_MIGRATIONS: never };
const db = benchEnv.BENCH_DIGEST_DB;

function config(recipients: number): Config {
  const list = Array.from({ length: recipients }, (_, i) => ({
    email: `agent${i}@example.com`,
    name: `Agent ${i}`,
    timeZone: "America/Los_Angeles",
    cadence: "daily",
  }));
  return {
    baseUrl: "http://localhost:8787/v1",
    apiKey: "",
    operatorToken: "",
    unsubscribeSecret: "bench-unsubscribe-secret-0123456789abcdef",
    recipients: parseRecipients(JSON.stringify(list)),
    emailFrom: "Escrow Digest <digest@example.com>",
    publicUrl: "https://digest.example.com",
    escrowUrl: (id) => `https://app.actuallycare.com/escrows/${encodeURIComponent(id)}`,
    provider: { name: "http", idempotent: true, send: async () => ({ id: "" }) },
    devClockUrl: null,
  };
}

/** One run (one consumer batch) of every recipient's digest for TODAY: its requests by kind, plan and time. */
async function digestRun(key: string, recipients: number) {
  const sent: SentRequest[] = [];
  const transport = await createTransport({
    baseUrl: "http://localhost:8787/v1",
    apiKey: key,
    fetch: countingFetch("10.77.0.1", sent).fetch,
    priority: "bulk",
    maxAttempts: 1,
    budget: new SubrequestBudget(2000),
  });
  const cfg = config(recipients);
  const source = new EscrowSource(escrowsApi(transport), {
    cache: d1TimelineCache(db),
    counts: d1ListCounts(db),
    statuses: cfg.recipients.flatMap((r) => r.escrows.status),
  });
  const started = performance.now();
  const subjects: string[] = [];
  for (const r of cfg.recipients) {
    const { digest } = await composeDigest({ db, config: cfg, source, now: () => Date.now() }, r, TODAY);
    subjects.push(digest.subject);
  }
  const ms = Math.round(performance.now() - started);
  const escrows = await source.escrowsFor(cfg.recipients[0] as (typeof cfg.recipients)[0]);
  const end = addDays(weekEndOf(TODAY), 7);
  const inWindow = escrows.filter((e) => mattersBetween(milestonesOf(e), TODAY, end)).length;
  expect(sent.every((s) => s.status === 200)).toBe(true);
  return {
    escrows,
    row: {
      recipients,
      plan: source.plan,
      requests: sent.length,
      lists: sent.filter((s) => s.path === "/v1/escrows").length,
      timelines: sent.filter((s) => s.path.endsWith("/timeline")).length,
      lookups: sent.filter((s) => /^\/v1\/escrows\/[^/]+$/.test(s.path)).length,
      inWindow,
      ms,
      subject: subjects[0],
    },
  };
}

/** Forgets everything an earlier run left: the next run is a first run. */
async function firstRun(): Promise<void> {
  await db.batch([db.prepare("DELETE FROM timeline_cache"), db.prepare("DELETE FROM list_counts")]);
}

it("measures API requests and wall time of one digest run per N escrows", async () => {
  const key = await fixtureKey("full-access");
  await applyD1Migrations(db, benchEnv.BENCH_DIGEST_MIGRATIONS);
  const runs: Record<string, unknown>[] = [];
  for (const n of SIZES) {
    await seed(n, key);
    for (const { recipients, cache } of RUNS) {
      if (cache === "cold") await firstRun();
      const { escrows, row } = await digestRun(key, recipients);
      expect(escrows).toHaveLength(n);
      runs.push({ n, cache, ...row, target: Math.ceil(n / 100) + row.inWindow });
    }
  }
  // An account that never archives: OPEN open escrows beside CLOSED closed ones in the unarchived list.
  const OPEN = 100;
  const CLOSED = 1000;
  await seed(OPEN, key, CLOSED);
  await firstRun();
  const closedHeavy: Record<string, unknown>[] = [];
  for (const day of ["first run", "next day"]) {
    const { escrows, row } = await digestRun(key, 10);
    expect(escrows).toHaveLength(OPEN);
    closedHeavy.push({
      open: OPEN,
      closed: CLOSED,
      day,
      ...row,
      // What each plan alone would have listed: ⌈all/100⌉, and ⌈active/100⌉ + ⌈pending/100⌉.
      combinedPages: Math.ceil((OPEN + CLOSED) / 100),
      perStatusPages: Math.ceil((OPEN * 3) / 4 / 100) + Math.ceil(OPEN / 4 / 100),
      target: Math.ceil(OPEN / 100) + row.inWindow,
    });
  }
  console.log(`DIGEST_BENCH_RESULT ${JSON.stringify({ runs, closedHeavy })}`);
});
