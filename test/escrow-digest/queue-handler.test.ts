import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import worker from "../../workers/escrow-digest/src/index";
import type { DigestMessage } from "../../workers/escrow-digest/src/run/digest-message";
import { digestEnv, FIXTURE_NOW, outbox, resetAll, row, tick } from "./digest-helpers";

beforeEach(resetAll);

async function runBatch(queue: string, bodies: unknown[]) {
  const batch = createMessageBatch<DigestMessage>(
    queue,
    bodies.map((body, i) => ({ id: `msg-${i}`, timestamp: new Date(), attempts: 1, body: body as DigestMessage })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, digestEnv);
  return getQueueResult(batch, ctx);
}

it("the consumer acks each delivered message and drops a malformed one", async () => {
  const messages = await tick(FIXTURE_NOW);
  const result = await runBatch("escrow-digest-sends", [...messages.map((m) => m.body), { nonsense: true }]);
  expect(result.explicitAcks.sort()).toEqual(["msg-0", "msg-1", "msg-2"]);
  expect(result.retryMessages).toEqual([]);
  expect(await outbox()).toHaveLength(2);
});

it("the dead-letter consumer records an occurrence out of retries as failed, for the operator", async () => {
  const [msg] = await tick(FIXTURE_NOW);
  if (!msg) throw new Error("no message");
  const result = await runBatch("escrow-digest-dead-letters", [msg.body]);
  expect(result.explicitAcks).toEqual(["msg-0"]);
  expect(await row(msg.body.occurrence)).toMatchObject({ state: "failed", error_code: "RETRIES_EXHAUSTED" });
  expect(await outbox()).toEqual([]);
});
