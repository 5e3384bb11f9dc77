import { beforeEach, describe, expect, it } from "vitest";
import {
  acceptOnly,
  createLeadAsIf,
  DEAD_LETTER_QUEUE,
  idOf,
  injectFault,
  leadsOf,
  OPERATOR_TOKEN,
  operator,
  person,
  resetAll,
  runQueue,
  settled,
  submissionRow,
} from "./intake-helpers";

beforeEach(resetAll);

type Envelope = { success: boolean; data?: any; error?: { code: string; message: string } };

/** A dead letter as the queue makes one: a row whose message ran out of retries reaches the dead-letter queue. */
async function deadLetter(values = person()) {
  const msg = await acceptOnly(values);
  const result = await runQueue([msg], { queue: DEAD_LETTER_QUEUE });
  expect(result.explicitAcks).toEqual(["msg-0"]);
  return msg;
}

const redeliver = (id: string, auth?: string | null) =>
  operator(`/dead-letters/${encodeURIComponent(id)}/redeliver`, { method: "POST" }, auth);

describe("the dead-letter queue and the operator endpoints", () => {
  it("marks the row dead and lists it for the operator, without the visitor's name, email or phone", async () => {
    const visitor = person({ name: "Ottoline Quarrender", phone: "(661) 555-0163" });
    const msg = await acceptOnly(visitor);
    await injectFault({ mode: "500" });
    await runQueue([msg]);
    expect((await runQueue([msg], { queue: DEAD_LETTER_QUEUE })).explicitAcks).toEqual(["msg-0"]);
    expect((await submissionRow(idOf(msg)))?.state).toBe("dead");

    const res = await operator("/dead-letters");
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const pii of [visitor.name, visitor.email, visitor.phone, "6615550163", visitor.message])
      expect(text).not.toContain(pii);
    const body = JSON.parse(text) as Envelope;
    expect(body.success).toBe(true);
    expect(body.data.deadLetters).toEqual([
      {
        id: idOf(msg),
        formId: "demo",
        attempts: 1,
        lastError: "OUTCOME_UNKNOWN",
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);
  });

  it("says why a dead letter died even when no attempt recorded an error", async () => {
    const msg = await deadLetter();
    const body = (await (await operator("/dead-letters")).json()) as Envelope;
    expect(body.data.deadLetters).toMatchObject([{ id: idOf(msg), attempts: 0, lastError: "RETRIES_EXHAUSTED" }]);
  });

  it("refuses callers without the operator token with a 401 envelope", async () => {
    const msg = await deadLetter();
    const refused = [
      await operator("/dead-letters", {}, null),
      await operator("/dead-letters", {}, "Bearer wrong-token-0123456789"),
      await operator("/dead-letters", {}, `Bearer ${OPERATOR_TOKEN}x`),
      await operator("/dead-letters", {}, `Basic ${btoa(`operator:${OPERATOR_TOKEN}`)}`),
      await operator("/dead-letters", {}, "Bearer "),
      await redeliver(idOf(msg), null),
    ];
    for (const res of refused) {
      expect(res.status).toBe(401);
      const body = (await res.json()) as Envelope;
      expect(body.success).toBe(false);
      expect(body.error?.code).toBe("UNAUTHORIZED");
      expect(JSON.stringify(body)).not.toContain(OPERATOR_TOKEN);
    }
    expect((await submissionRow(idOf(msg)))?.state).toBe("dead");
    // The scheme is case-insensitive (RFC 7235).
    expect((await operator("/dead-letters", {}, `bearer ${OPERATOR_TOKEN}`)).status).toBe(200);
  });

  it("redelivers a dead letter: 202, then the real queue makes the lead and the list is empty", async () => {
    const msg = await deadLetter();
    const res = await redeliver(idOf(msg));
    expect(res.status).toBe(202);
    expect(((await res.json()) as Envelope).data).toEqual({ id: idOf(msg), state: "queued" });
    expect((await settled(idOf(msg))).state).toBe("delivered");
    expect(await leadsOf(idOf(msg))).toHaveLength(1);
    expect(((await (await operator("/dead-letters")).json()) as Envelope).data.deadLetters).toEqual([]);
  });

  it("looks before posting when it redelivers a submission whose last attempt had no answer", async () => {
    const msg = await acceptOnly(person());
    await injectFault({ mode: "500" });
    await runQueue([msg]);
    // As if the unanswered attempt had made the lead; then the queue gave up on it.
    const made = await createLeadAsIf(msg);
    await runQueue([msg], { queue: DEAD_LETTER_QUEUE });
    expect((await redeliver(idOf(msg))).status).toBe(202);
    expect(await settled(idOf(msg))).toMatchObject({ state: "delivered", lead_id: made });
    expect((await leadsOf(idOf(msg))).map((l) => l.id)).toEqual([made]);
  });

  it("answers an unknown id, or a second redelivery of one dead letter, with a 404 envelope", async () => {
    const unknown = await redeliver(crypto.randomUUID());
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Envelope).error?.code).toBe("NOT_FOUND");

    const msg = await deadLetter();
    // A double click: only one of the two puts it back on the queue.
    const statuses = (await Promise.all([redeliver(idOf(msg)), redeliver(idOf(msg))])).map((r) => r.status);
    expect(statuses.sort()).toEqual([202, 404]);
    expect((await settled(idOf(msg))).state).toBe("delivered");
    expect(await leadsOf(idOf(msg))).toHaveLength(1);
  });
});
