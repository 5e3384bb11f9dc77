import { env } from "cloudflare:workers";
import { type ClientConfig, createTransport } from "@actuallycare/shared/client/create-transport";
import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import { leadsApi } from "@actuallycare/shared/client/groups/leads";
import type { BackoffCache } from "@actuallycare/shared/client/shared-backoff";
import { beforeEach, describe, expect, it } from "vitest";
import { countingFetch, type SentRequest } from "../support/counting-fetch";
import { LinkedClock } from "../support/linked-clock";
import { call, fixtureKey, resetSandbox } from "../support/sandbox-client";

const BASE = "http://localhost:8787/v1";
let clock: LinkedClock;
let key: string;
let ip: string;

beforeEach(async () => {
  await resetSandbox();
  for (const k of (await env.CLIENT_KV.list()).keys) await env.CLIENT_KV.delete(k.name);
  key = await fixtureKey("full-access");
  // A fresh IP per test: its own rate buckets; a fresh credential scope is not needed since KV is per test file run.
  ip = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  clock = await LinkedClock.start();
  const r = await call("/__sandbox/config", {
    method: "POST",
    body: { rateLimits: { global: { limit: 5, windowMs: 10_000 } } },
  });
  expect(r.status).toBe(200);
});

/** One "worker": its own isolate cache and request log, the shared KV namespace. */
async function worker(sent: SentRequest[], extra: Partial<ClientConfig> = {}) {
  const cache: BackoffCache = new Map();
  const t = await createTransport({
    baseUrl: BASE,
    apiKey: key,
    kv: env.CLIENT_KV,
    backoffCache: cache,
    fetch: countingFetch(ip, sent).fetch,
    clock,
    sleep: clock.sleep,
    random: () => 0.5,
    deadlineMs: 60_000,
    ...extra,
  });
  return leadsApi(t);
}

describe("rate limits through the client", () => {
  it("after one worker's 429 the other backs off without sending, and every call succeeds once", async () => {
    // Someone else spends the window: the clients have not seen it.
    for (let i = 0; i < 5; i++) expect((await call("/v1/leads?limit=1", { key, ip })).status).toBe(200);
    const sentA: SentRequest[] = [];
    const sentB: SentRequest[] = [];
    const a = await worker(sentA, { pace: false, deadlineMs: 500 });
    const b = await worker(sentB, { pace: false });
    const first = await a.create({ name: "A 0" }).catch((e: unknown) => e);
    expect(first).toMatchObject({ kind: "rate_limited", status: 429 });
    expect(sentA.map((s) => s.status)).toEqual([429]);
    // B reads A's marker from KV, waits it out, and never meets a 429 itself.
    const before = clock.now();
    await b.create({ name: "B 0" });
    expect(sentB.map((s) => s.status)).toEqual([201]);
    expect(clock.now() - before).toBeGreaterThanOrEqual(8_000);
    // A, retried later (as a queue would), succeeds.
    await a.create({ name: "A 0" });
    const all = [...sentA, ...sentB];
    const created = await call("/v1/leads?limit=100", { key, ip: "10.77.255.1" });
    const names = created.body.data.leads
      .map((l: { name: string }) => l.name)
      .filter((n: string) => /^[AB] 0$/.test(n));
    expect(names.sort()).toEqual(["A 0", "B 0"]);
    for (const tag of ["A 0", "B 0"]) expect(all.filter((x) => x.tag === tag && x.status === 201)).toHaveLength(1);
  });

  it("a second worker waits out the marker instead of meeting its own 429", async () => {
    const sentA: SentRequest[] = [];
    const sentB: SentRequest[] = [];
    const a = await worker(sentA, { pace: false });
    const b = await worker(sentB, { pace: false, maxAttempts: 1 });
    for (let i = 0; i < 5; i++) await a.create({ name: `A ${i}` });
    // The window is spent (RateLimit-Remaining: 0): A marked it, so B waits for the reset and succeeds first time.
    await b.create({ name: "B 0" });
    expect(sentB.map((s) => s.status)).toEqual([201]);
    expect(clock.slept).toBeGreaterThanOrEqual(1000);
    expect([...sentA, ...sentB].filter((s) => s.status === 429)).toHaveLength(0);
  });

  it("fails fast with rate_limited and retryAt when the wait is longer than the deadline", async () => {
    const sent: SentRequest[] = [];
    const a = await worker(sent, { pace: false, deadlineMs: 500 });
    for (let i = 0; i < 5; i++) await a.create({ name: `A ${i}` });
    const err = await a.create({ name: "late" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActuallyCareError);
    expect(err).toMatchObject({ kind: "rate_limited", retryable: true });
    const retryAt = (err as ActuallyCareError).retryAt ?? 0;
    expect(retryAt).toBeGreaterThan(clock.now());
    expect(retryAt).toBeLessThanOrEqual(clock.now() + 11_000);
    expect((err as ActuallyCareError).delaySeconds(clock.now())).toBeGreaterThanOrEqual(1);
    expect(sent.filter((s) => s.tag === "late")).toHaveLength(0);
  });

  it("maps a 429 that cannot be waited out to rate_limited with the API's code", async () => {
    const sent: SentRequest[] = [];
    // No KV: the client only learns from the 429 itself.
    const t = await createTransport({
      baseUrl: BASE,
      apiKey: key,
      fetch: countingFetch(ip, sent).fetch,
      clock,
      sleep: clock.sleep,
      deadlineMs: 500,
    });
    const leads = leadsApi(t);
    for (let i = 0; i < 5; i++) await leads.create({ name: `A ${i}` });
    const err = (await leads.create({ name: "over" }).catch((e: unknown) => e)) as ActuallyCareError;
    expect(err).toMatchObject({ kind: "rate_limited", status: 429, code: "RATE_LIMIT_EXCEEDED", retryable: true });
    expect(err.errorId).toMatch(/^ERR_/);
    expect(sent.filter((s) => s.tag === "over").map((s) => s.status)).toEqual([429]);
  });

  it("keeps a reserve for interactive work: bulk calls stop, interactive ones go on", async () => {
    const sentBulk: SentRequest[] = [];
    const sentLive: SentRequest[] = [];
    await call("/__sandbox/config", {
      method: "POST",
      body: { rateLimits: { global: { limit: 10, windowMs: 10_000 } } },
    });
    const bulk = await worker(sentBulk, { priority: "bulk", bulkReserve: 0.3, pace: false, deadlineMs: 1000 });
    const live = await worker(sentLive, { priority: "interactive", pace: false, deadlineMs: 1000 });
    const results: string[] = [];
    for (let i = 0; i < 10; i++) {
      results.push(
        await bulk.list({ limit: 1 }).then(
          () => "ok",
          (e: ActuallyCareError) => e.kind,
        ),
      );
    }
    // 10 per window with a 30% reserve: bulk stops after 7, without sending the rest.
    expect(results.filter((r) => r === "ok")).toHaveLength(7);
    expect(results.slice(7)).toEqual(["rate_limited", "rate_limited", "rate_limited"]);
    expect(sentBulk).toHaveLength(7);
    await live.create({ name: "Interactive" });
    expect(sentLive.map((s) => s.status)).toEqual([201]);
  });

  it("paces a backlog over the window instead of meeting 429s", async () => {
    const sent: SentRequest[] = [];
    const a = await worker(sent, { pace: true });
    for (let i = 0; i < 12; i++) await a.create({ name: `P ${i}` });
    expect(sent.filter((s) => s.status === 429)).toHaveLength(0);
    expect(sent.filter((s) => s.status === 201)).toHaveLength(12);
    // 12 calls at 5 per 10 s need at least two full windows.
    expect(clock.slept).toBeGreaterThanOrEqual(20_000);
  });
});
