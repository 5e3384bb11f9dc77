import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { claim, LEASE_MS } from "../../workers/escrow-digest/src/ledger/sends-ledger";
import { SendError } from "../../workers/escrow-digest/src/send/email-provider";
import {
  deliver,
  FIXTURE_NOW,
  failingOn,
  injectFault,
  outbox,
  recordingProvider,
  resetAll,
  row,
  tick,
} from "./digest-helpers";

beforeEach(resetAll);

const JORDAN = "jordan.lee@example.com";
const MARIA = "maria.alvarez@example.com";
const QUARTER = 15 * 60_000;

describe("a full run against the sandbox", () => {
  it("sends each configured recipient today's digest, through the outbox, and records it", async () => {
    const messages = await tick(FIXTURE_NOW);
    expect(messages.map((m) => `${m.body.recipient} ${m.body.date}`).sort()).toEqual([
      `${JORDAN} 2026-07-01`,
      `${MARIA} 2026-07-01`,
    ]);
    expect((await deliver(messages)).every((o) => o.ack)).toBe(true);
    const sent = await outbox();
    expect(sent.map((m) => m.to[0]).sort()).toEqual([JORDAN, MARIA]);
    const jordan = sent.find((m) => m.to[0] === JORDAN);
    const key = messages.find((m) => m.body.recipient === JORDAN)?.body.occurrence ?? "";
    expect(jordan?.idempotencyKey).toBe(key);
    // The named escrow's contingencies fall next week (07-07 and 07-11).
    expect(jordan?.html).toContain("ESC-2026-0042");
    expect(jordan?.text).toMatch(/NEXT WEEK \(\d+\)/);
    expect(jordan?.subject).not.toBe("");
    expect(jordan?.headers["List-Unsubscribe"]).toMatch(/^<https:\/\/digest\.example\.com\/unsubscribe\?token=/);
    expect(jordan?.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(await row(key)).toMatchObject({ state: "sent", provider: "http", provider_id: jordan?.id, payload: null });
    // Maria sees only seller and dual escrows; ESC-2026-0042 is a buyer's.
    expect(sent.find((m) => m.to[0] === MARIA)?.html).not.toContain("ESC-2026-0042");
  });

  it("is not due before the local send time, and a weekday cadence skips Saturday", async () => {
    // 13:45Z is 06:45 in Los Angeles (before 07:00) and 07:45 in Denver (after 06:30).
    expect((await tick(Date.parse("2026-07-01T13:45:00Z"))).map((m) => m.body.recipient)).toEqual([MARIA]);
    const saturday = await tick(Date.parse("2026-07-04T16:00:00Z"));
    expect(saturday.map((m) => m.body.recipient)).toEqual([MARIA]);
  });
});

describe("exactly once", () => {
  it("a duplicate scheduled() for the same scheduledTime enqueues and sends nothing more", async () => {
    const first = await tick(FIXTURE_NOW);
    await deliver(first);
    expect(await tick(FIXTURE_NOW)).toEqual([]);
    // Even a duplicate of an unprocessed tick: the rows exist, so nothing is enqueued twice.
    await resetAll();
    expect(await tick(FIXTURE_NOW)).toHaveLength(2);
    expect(await tick(FIXTURE_NOW)).toEqual([]);
    expect(await tick(FIXTURE_NOW + QUARTER)).toEqual([]);
  });

  it("two concurrent invocations send once", async () => {
    const [a, b] = await Promise.all([tick(FIXTURE_NOW), tick(FIXTURE_NOW)]);
    const all = [...(a ?? []), ...(b ?? [])];
    expect(all).toHaveLength(2);
    // The queue delivers at least once: the same message twice, at the same time.
    await Promise.all([deliver(all), deliver(all)]);
    const sent = await outbox();
    expect(sent.map((m) => m.to[0]).sort()).toEqual([JORDAN, MARIA]);
  });

  it("a crash after the send, before the ledger update, does not resend (idempotency key)", async () => {
    const [msg] = (await tick(FIXTURE_NOW)).filter((m) => m.body.recipient === JORDAN);
    if (!msg) throw new Error("no message");
    const crashed = failingOn(env.ESCROW_DIGEST_DB, "UPDATE sends SET state = 'sent'");
    const [outcome] = await deliver([msg], { db: crashed });
    expect(outcome?.ack).toBe(false);
    expect(await row(msg.body.occurrence)).toMatchObject({ state: "sending", in_flight: 1 });
    expect(await outbox()).toHaveLength(1);
    // The redelivered message, after the lease: the stored email again, with the same key.
    const later = FIXTURE_NOW + LEASE_MS + 1000;
    expect(await deliver([msg], { now: () => later })).toEqual([{ ack: true }]);
    const sent = await outbox();
    expect(sent).toHaveLength(1);
    expect(await row(msg.body.occurrence)).toMatchObject({ state: "sent", provider_id: sent[0]?.id });
  });

  it("without idempotency keys (send_email), a crash mid-send is recorded as unknown, never sent twice", async () => {
    const [msg] = (await tick(FIXTURE_NOW)).filter((m) => m.body.recipient === JORDAN);
    if (!msg) throw new Error("no message");
    const binding = recordingProvider(async (n) => ({ id: `cf-${n}` }));
    const crashed = failingOn(env.ESCROW_DIGEST_DB, "UPDATE sends SET state = 'sent'");
    await deliver([msg], { db: crashed, provider: binding });
    const later = FIXTURE_NOW + LEASE_MS + 1000;
    expect(await deliver([msg], { provider: binding, now: () => later })).toEqual([{ ack: true }]);
    expect(binding.calls).toHaveLength(1);
    expect(await row(msg.body.occurrence)).toMatchObject({ state: "failed", error_code: "OUTCOME_UNKNOWN" });
  });

  it("a run that died after claiming, before sending, is picked up by the next tick", async () => {
    const messages = await tick(FIXTURE_NOW);
    const msg = messages.find((m) => m.body.recipient === JORDAN);
    if (!msg) throw new Error("no message");
    await deliver(messages.filter((m) => m !== msg));
    // The consumer claimed it and then its invocation died: no send, no ack, the message lost.
    expect(await claim(env.ESCROW_DIGEST_DB, msg.body.occurrence, "dead-run", FIXTURE_NOW)).not.toBeNull();
    // The next tick still trusts the queue (the message was due 15 minutes ago); the one after takes over.
    expect(await tick(FIXTURE_NOW + QUARTER)).toEqual([]);
    const again = (await tick(FIXTURE_NOW + 2 * QUARTER)).map((m) => m.body.occurrence);
    expect(again).toEqual([msg.body.occurrence]);
    await deliver([msg], { now: () => FIXTURE_NOW + 2 * QUARTER });
    expect((await outbox()).map((m) => m.to[0]).sort()).toEqual([JORDAN, MARIA]);
    expect(await tick(FIXTURE_NOW + 3 * QUARTER)).toEqual([]);
  });

  it("a tick that never ran costs nothing: the next one catches up", async () => {
    const late = await tick(FIXTURE_NOW + 2 * 3_600_000);
    expect(late.map((m) => m.body.recipient).sort()).toEqual([JORDAN, MARIA]);
  });
});

describe("failures", () => {
  it("a 5xx from the API delays the digest and loses nothing", async () => {
    const messages = await tick(FIXTURE_NOW);
    await injectFault({ mode: "500" });
    const [first, second] = await deliver(messages);
    expect(first).toEqual({ ack: false, retryInSeconds: 30 });
    // The other recipient's digest in the same batch is not held back.
    expect(second).toEqual({ ack: true });
    const key = messages[0]?.body.occurrence ?? "";
    expect(await row(key)).toMatchObject({ state: "queued", error_code: "INTERNAL_ERROR" });
    expect((await row(key))?.error_detail).not.toBe("Error");
    expect(await deliver([messages[0] as (typeof messages)[0]])).toEqual([{ ack: true }]);
    expect(await outbox()).toHaveLength(2);
  });

  it("a permanent refusal is recorded for the operator and does not block the other recipient", async () => {
    const messages = await tick(FIXTURE_NOW);
    const provider = recordingProvider(async (n) => {
      if (n === 1) throw new SendError(true, "PROVIDER_VALIDATION_ERROR", "Invalid `to` field");
      return { id: `id-${n}` };
    }, true);
    const outcomes = await deliver(messages, { provider });
    expect(outcomes).toEqual([{ ack: true }, { ack: true }]);
    const states = await Promise.all(messages.map((m) => row(m.body.occurrence)));
    expect(states.map((s) => `${s?.state} ${s?.error_code}`)).toEqual([
      "failed PROVIDER_VALIDATION_ERROR",
      "sent null",
    ]);
    // Not retried: a later tick and a redelivery leave it alone.
    expect(await tick(FIXTURE_NOW + QUARTER)).toEqual([]);
    await deliver(messages, { provider });
    expect(provider.calls).toHaveLength(2);
  });

  it("a retryable provider failure keeps the rendered email and sends exactly it on the retry", async () => {
    const [msg] = (await tick(FIXTURE_NOW)).filter((m) => m.body.recipient === JORDAN);
    if (!msg) throw new Error("no message");
    const provider = recordingProvider(async (n) => {
      if (n === 1) throw new SendError(false, "PROVIDER_RATE_LIMIT_EXCEEDED", "Too many requests", 2);
      return { id: "second-try" };
    }, true);
    expect(await deliver([msg], { provider })).toEqual([{ ack: false, retryInSeconds: 2 }]);
    expect(await row(msg.body.occurrence)).toMatchObject({ state: "sending", in_flight: 0 });
    expect(await deliver([msg], { provider, now: () => FIXTURE_NOW + 3000 })).toEqual([{ ack: true }]);
    expect(await row(msg.body.occurrence)).toMatchObject({ state: "sent", provider_id: "second-try" });
  });
});
