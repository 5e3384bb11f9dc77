// After an attempt whose outcome is unknown, the next one must find the lead that attempt may have made among
// every lead created since, not only the newest 100: else a busy account gets a second lead.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { deliverSubmission } from "../../workers/lead-intake/src/delivery/deliver-submission";
import {
  acceptOnly,
  allLeads,
  createLeadAsIf,
  createLeads,
  deliveryDeps,
  idOf,
  injectFault,
  leadsOf,
  person,
  resetAll,
  runQueue,
  sandbox,
  submissionRow,
} from "./intake-helpers";

beforeEach(async () => {
  await resetAll();
  // Hundreds of leads per test: above the sandbox's default 500 requests per window.
  await sandbox("/__sandbox/config", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ rateLimits: { global: { limit: 10_000, windowMs: 900_000 } } }),
  });
});

/** Counts the consumer's calls to the API by method and path. */
async function countingDeps(pages?: number) {
  const calls: string[] = [];
  const deps = await deliveryDeps({
    fetch: (request: Request) => {
      const url = new URL(request.url);
      calls.push(
        `${request.method} ${url.pathname}${url.searchParams.get("page") ? `?page=${url.searchParams.get("page")}` : ""}`,
      );
      return env.ACTUALLYCARE_API.fetch(request);
    },
  });
  return { deps: pages ? { ...deps, lookupPagesPerAttempt: pages } : deps, calls };
}

/** The first attempt's post is answered 500 (the API may have written it): the submission is in doubt. */
async function inDoubt() {
  const msg = await acceptOnly(person());
  await injectFault({ mode: "500" });
  expect((await runQueue([msg])).retryMessages).toHaveLength(1);
  expect((await submissionRow(idOf(msg)))?.last_error).toBe("OUTCOME_UNKNOWN");
  return msg;
}

describe("the lookup after an unknown outcome", () => {
  it("finds the earlier attempt's lead with 250 leads created since, and does not post again", async () => {
    const msg = await inDoubt();
    const made = await createLeadAsIf(msg);
    await createLeads(250);
    const result = await runQueue([msg], { attempts: 2 });
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect((await leadsOf(idOf(msg))).map((l) => l.id)).toEqual([made]);
    expect(await submissionRow(idOf(msg))).toMatchObject({ state: "delivered", lead_id: made });
  });

  it("spreads a long search over attempts, remembering where it got to, with more leads arriving meanwhile", async () => {
    const msg = await inDoubt();
    const made = await createLeadAsIf(msg);
    await createLeads(300);
    const { deps, calls } = await countingDeps(2);
    expect(await deliverSubmission(deps, msg, 2)).toEqual({ ack: false, retryInSeconds: 1, requeue: true });
    expect(calls).toEqual(["GET /v1/leads?page=1", "GET /v1/leads?page=2"]);
    expect(JSON.parse((await submissionRow(idOf(msg)))?.lookup as string)).toMatchObject({ covered: 200 });
    await createLeads(30, "Later");
    calls.length = 0;
    // The 30 new leads first (page 1), then on from where the last search stopped: 230 leads down, page 3.
    expect(await deliverSubmission(deps, msg, 3)).toEqual({ ack: false, retryInSeconds: 1, requeue: true });
    expect(calls).toEqual(["GET /v1/leads?page=1", "GET /v1/leads?page=3"]);
    calls.length = 0;
    expect(await deliverSubmission(deps, msg, 4)).toEqual({ ack: true, state: "delivered" });
    expect(calls).toEqual(["GET /v1/leads?page=1", "GET /v1/leads?page=4"]);
    expect((await leadsOf(idOf(msg))).map((l) => l.id)).toEqual([made]);
    expect(await submissionRow(idOf(msg))).toMatchObject({ state: "delivered", lead_id: made, attempts: 3 });
  });

  it("stops at leads older than the submission, then posts once", async () => {
    const msg = await inDoubt();
    await createLeads(150);
    const { deps, calls } = await countingDeps();
    expect(await deliverSubmission(deps, msg, 2)).toEqual({ ack: true, state: "delivered" });
    // Page 2 holds the 50 oldest new leads, then the fixtures' leads (hours old): nothing older is read.
    expect((await allLeads()).length).toBeGreaterThan(200);
    expect(calls).toEqual(["GET /v1/leads?page=1", "GET /v1/leads?page=2", "POST /v1/leads"]);
    expect(await leadsOf(idOf(msg))).toHaveLength(1);
  });

  it("finds a slow request's lead that landed after a search that found nothing", async () => {
    const msg = await inDoubt();
    const { deps } = await countingDeps();
    // Attempt 2 searches, finds nothing, posts, and that post goes unanswered too.
    await injectFault({ mode: "500" });
    expect(await deliverSubmission(deps, msg, 2)).toEqual({ ack: false, retryInSeconds: 10 });
    // Meanwhile the first post's lead lands (late), and more leads come.
    const made = await createLeadAsIf(msg);
    await createLeads(120);
    expect(await deliverSubmission(deps, msg, 3)).toEqual({ ack: true, state: "delivered" });
    expect((await leadsOf(idOf(msg))).map((l) => l.id)).toEqual([made]);
  });
});
