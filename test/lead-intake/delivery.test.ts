import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseForms } from "../../workers/lead-intake/src/config/forms";
import { deliverSubmission } from "../../workers/lead-intake/src/delivery/deliver-submission";
import {
  acceptOnly,
  createLeadAsIf,
  deliveryDeps,
  eventually,
  failingOn,
  idOf,
  injectFault,
  leadsOf,
  person,
  resetAll,
  runQueue,
  submissionRow,
} from "./intake-helpers";

beforeEach(resetAll);
afterEach(() => vi.restoreAllMocks());

describe("the queue consumer, when the API fails", () => {
  it("retries a 500 with a growing backoff, marked OUTCOME_UNKNOWN, and posts once when nothing was written", async () => {
    const msg = await acceptOnly(person());
    await injectFault({ mode: "500", count: 2 });
    expect((await runQueue([msg])).retryMessages).toEqual([{ msgId: "msg-0", delaySeconds: 5 }]);
    expect(await submissionRow(idOf(msg))).toMatchObject({
      state: "queued",
      attempts: 1,
      last_error: "OUTCOME_UNKNOWN",
    });
    // The second attempt looks (a GET, not faulted), finds nothing, posts, and meets the second 500.
    expect((await runQueue([msg], { attempts: 2 })).retryMessages).toEqual([{ msgId: "msg-0", delaySeconds: 10 }]);
    const third = await runQueue([msg], { attempts: 3 });
    expect(third.explicitAcks).toEqual(["msg-0"]);
    expect(third.retryMessages).toEqual([]);
    const [lead, ...more] = await leadsOf(idOf(msg));
    expect(more).toEqual([]);
    expect(await submissionRow(idOf(msg))).toMatchObject({ state: "delivered", lead_id: lead.id, last_error: null });
  });

  it("finds the lead an unanswered attempt made instead of posting a second one", async () => {
    const msg = await acceptOnly(person());
    await injectFault({ mode: "500" });
    await runQueue([msg]);
    // As if the API had written the lead and then failed to answer.
    const made = await createLeadAsIf(msg);
    expect((await runQueue([msg], { attempts: 2 })).explicitAcks).toEqual(["msg-0"]);
    expect((await leadsOf(idOf(msg))).map((l) => l.id)).toEqual([made]);
    expect(await submissionRow(idOf(msg))).toMatchObject({ state: "delivered", lead_id: made });
  });

  it("treats a timeout as an unknown outcome and finds the lead the slow request made", async () => {
    // The consumer's calls have a 20 s deadline (10 s per attempt): the same client with a 300 ms one stays fast.
    const msg = await acceptOnly(person());
    await injectFault({ mode: "hang", hangMs: 1500 });
    // A timed-out post is given settleMs to land before any attempt looks for its lead (60 s deployed).
    const hurried = { ...(await deliveryDeps({ deadlineMs: 300 })), settleMs: 1000 };
    expect(await deliverSubmission(hurried, msg, 1)).toEqual({ ack: false, retryInSeconds: 5 });
    expect(await submissionRow(idOf(msg))).toMatchObject({ state: "queued", last_error: "OUTCOME_UNKNOWN" });
    // The sandbox lets the hung request through, as a real API might after the client gave up.
    const [made] = await eventually(
      () => leadsOf(idOf(msg)),
      (l) => l.length > 0,
    );
    const later = { ...(await deliveryDeps()), settleMs: 1000 };
    expect(await deliverSubmission(later, msg, 2)).toEqual({ ack: true, state: "delivered" });
    expect((await leadsOf(idOf(msg))).map((l) => l.id)).toEqual([made.id]);
    expect((await submissionRow(idOf(msg)))?.lead_id).toBe(made.id);
  });

  it("lets a timed-out post land before another copy of the message looks for its lead", async () => {
    const msg = await acceptOnly(person());
    await injectFault({ mode: "hang", hangMs: 1500 });
    const hurried = { ...(await deliveryDeps({ deadlineMs: 300 })), settleMs: 60_000 };
    expect(await deliverSubmission(hurried, msg, 1)).toEqual({ ack: false, retryInSeconds: 60 });
    // A second copy of the message at once (queues deliver at least once): it neither looks nor posts yet, since the
    // slow request has not landed; looking now would find nothing and post a second lead.
    const copy = { ...(await deliveryDeps()), settleMs: 60_000 };
    const early = await deliverSubmission(copy, msg, 1);
    expect(early).toMatchObject({ ack: false, requeue: true });
    expect((early as { retryInSeconds: number }).retryInSeconds).toBeGreaterThan(50);
    const [made] = await eventually(
      () => leadsOf(idOf(msg)),
      (l) => l.length > 0,
    );
    // A minute on (the clock moved on instead of the test waiting), the copy finds that lead.
    const minuteLater = { ...copy, now: () => Date.now() + 61_000 };
    expect(await deliverSubmission(minuteLater, msg, 2)).toEqual({ ack: true, state: "delivered" });
    expect((await leadsOf(idOf(msg))).map((l) => l.id)).toEqual([made.id]);
  });

  it("gives up on a call after API_TIMEOUT_MS, as an unknown outcome", async () => {
    const msg = await acceptOnly(person());
    await injectFault({ mode: "hang", hangMs: 3000 });
    // With the default 10 s, this 3 s hang would be waited out and the lead delivered.
    const result = await runQueue([msg], { bindings: { ...env, API_TIMEOUT_MS: "400" } as Env });
    expect(result.retryMessages).toEqual([{ msgId: "msg-0", delaySeconds: 5 }]);
    expect((await submissionRow(idOf(msg)))?.last_error).toBe("OUTCOME_UNKNOWN");
  });

  it("retries a failure after the API wrote (D1 down), and the retry finds the lead instead of posting", async () => {
    const msg = await acceptOnly(person());
    const deps = await deliveryDeps();
    const outage = { ...deps, db: failingOn(env.LEAD_INTAKE_DB, "INSERT OR REPLACE INTO dedupe") };
    expect(await deliverSubmission(outage, msg, 1)).toEqual({ ack: false, retryInSeconds: 5 });
    expect(await leadsOf(idOf(msg))).toHaveLength(1);
    expect((await submissionRow(idOf(msg)))?.last_error).toBe("OUTCOME_UNKNOWN");
    // It cannot tell that the API answered: the post is given its minute to land before anyone looks.
    expect(await deliverSubmission(deps, msg, 2)).toMatchObject({ ack: false, requeue: true });
    const minuteLater = { ...deps, now: () => Date.now() + 61_000 };
    expect(await deliverSubmission(minuteLater, msg, 3)).toEqual({ ack: true, state: "delivered" });
    expect(await leadsOf(idOf(msg))).toHaveLength(1);
  });

  it("dead-letters a submission the API refuses (400): acked at once, never retried", async () => {
    // A form whose agent the API does not know: every post of it is a 400 VALIDATION_ERROR.
    const forms = JSON.stringify([
      {
        id: "agent-form",
        intent: "buyer",
        allowedOrigins: ["https://a.example"],
        assignedAgentId: crypto.randomUUID(),
      },
    ]);
    const msg = await acceptOnly(person(), parseForms(forms).get("agent-form"));
    const result = await runQueue([msg], { bindings: { ...env, FORMS: forms } as Env });
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(result.retryMessages).toEqual([]);
    expect(await submissionRow(idOf(msg))).toMatchObject({
      state: "dead",
      attempts: 1,
      last_error: "VALIDATION_ERROR",
    });
    expect(await leadsOf(idOf(msg))).toEqual([]);
  });
});

describe("the queue consumer, exactly once", () => {
  it("makes one lead when two copies of a message are delivered at the same moment (two invocations)", async () => {
    const deps = await deliveryDeps();
    const messages = await Promise.all(Array.from({ length: 5 }, () => acceptOnly(person())));
    const outcomes = await Promise.all(
      messages.flatMap((m) => [deliverSubmission(deps, m, 1), deliverSubmission(deps, m, 1)]),
    );
    // One copy of each posts; the other finds the claim taken and is put back until that post settles.
    expect(outcomes.filter((o) => o.ack)).toHaveLength(5);
    expect(outcomes.filter((o) => !o.ack && o.requeue)).toHaveLength(5);
    for (const m of messages) expect(await leadsOf(idOf(m))).toHaveLength(1);
  });

  it("acks a message redelivered after success without making a second lead", async () => {
    const msg = await acceptOnly(person());
    expect((await runQueue([msg])).explicitAcks).toEqual(["msg-0"]);
    // Queues deliver at least once: the same message again, as after a lost ack.
    const again = await runQueue([msg]);
    expect(again.explicitAcks).toEqual(["msg-0"]);
    expect(again.retryMessages).toEqual([]);
    expect(await leadsOf(idOf(msg))).toHaveLength(1);
  });

  it("makes one lead from two submissions of one phone number (no email), however it is written", async () => {
    const first = await acceptOnly(person({ email: "", phone: "(661) 555-0142" }));
    const second = await acceptOnly(person({ email: "", phone: "661.555.0142", message: "Me again" }));
    expect((await runQueue([first, second])).explicitAcks).toEqual(["msg-0", "msg-1"]);
    const delivered = await submissionRow(idOf(first));
    expect(delivered?.state).toBe("delivered");
    expect(await submissionRow(idOf(second))).toMatchObject({ state: "duplicate", lead_id: delivered?.lead_id });
    expect(await leadsOf(idOf(first))).toHaveLength(1);
    expect(await leadsOf(idOf(second))).toEqual([]);
  });
});

describe("the queue consumer, with malformed messages", () => {
  it("acks them without a retry, dead-letters their rows, and logs no visitor data", async () => {
    const warn = vi.spyOn(console, "warn");
    const visitor = person({ name: "Ottoline Quarrender", phone: "(661) 555-0199" });
    const gone = await acceptOnly(visitor);
    const invalid = await acceptOnly(person());
    const bodies = [
      { ...gone, formId: "retired-form" },
      { ...invalid, submission: { ...invalid.submission, email: "not-an-email", phone: undefined } },
      { hello: "world" },
      null,
    ];
    const result = await runQueue(bodies);
    expect(result.explicitAcks).toEqual(["msg-0", "msg-1", "msg-2", "msg-3"]);
    expect(result.retryMessages).toEqual([]);
    expect(await submissionRow(idOf(gone))).toMatchObject({ state: "dead", last_error: "FORM_NOT_FOUND" });
    expect(await submissionRow(idOf(invalid))).toMatchObject({ state: "dead", last_error: "INVALID_MESSAGE" });
    const logged = warn.mock.calls.flat().join("\n");
    expect(logged).toContain(idOf(gone));
    for (const pii of [visitor.name, visitor.email, visitor.phone, "6615550199", invalid.submission.name])
      expect(logged).not.toContain(pii);
  });
});
