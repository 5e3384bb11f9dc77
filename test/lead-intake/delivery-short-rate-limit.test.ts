import { beforeEach, expect, it } from "vitest";
import { acceptOnly, idOf, injectFault, leadsOf, person, resetAll, runQueue, submissionRow } from "./intake-helpers";

// Its own file (so its own isolate): the cool-down it leaves in the isolate-wide backoff cache must not
// hold back other tests' deliveries.
beforeEach(resetAll);

it("hands even a short 429 back to the queue rather than sleeping through it in the consumer", async () => {
  const [first, second] = [await acceptOnly(person()), await acceptOnly(person())];
  // Well inside the call deadline: a client that slept would post after 2 s and ack; the queue must wait instead.
  await injectFault({ mode: "429", retryAfterSeconds: 2 });
  const result = await runQueue([first, second]);
  expect(result.explicitAcks).toEqual([]);
  expect(result.retryMessages.map((r) => r.msgId)).toEqual(["msg-0", "msg-1"]);
  for (const { delaySeconds } of result.retryMessages) {
    expect(delaySeconds).toBeGreaterThanOrEqual(1);
    expect(delaySeconds).toBeLessThanOrEqual(2);
  }
  expect(await leadsOf(idOf(first))).toEqual([]);
  expect(await leadsOf(idOf(second))).toEqual([]);
  expect((await submissionRow(idOf(first)))?.last_error).toBe("RATE_LIMIT_EXCEEDED");
});
