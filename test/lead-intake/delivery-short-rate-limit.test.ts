import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import {
  acceptOnly,
  idOf,
  injectFault,
  leadsOf,
  person,
  recordingQueue,
  resetAll,
  runQueue,
  submissionRow,
} from "./intake-helpers";

// Its own file (so its own isolate): the cool-down it leaves in the isolate-wide backoff cache must not
// hold back other tests' deliveries.
beforeEach(resetAll);

it("hands even a short 429 back to the queue rather than sleeping through it in the consumer", async () => {
  const [first, second] = [await acceptOnly(person()), await acceptOnly(person())];
  // Well inside the call deadline: a client that slept would post after 2 s and ack; the queue must wait instead.
  await injectFault({ mode: "429", retryAfterSeconds: 2 });
  const { queue, sent } = recordingQueue();
  const result = await runQueue([first, second], { bindings: { ...env, SUBMISSIONS: queue } as Env });
  expect(result.explicitAcks).toEqual(["msg-0", "msg-1"]);
  expect(sent).toHaveLength(2);
  for (const { delaySeconds } of sent) {
    expect(delaySeconds).toBeGreaterThanOrEqual(1);
    expect(delaySeconds).toBeLessThanOrEqual(2);
  }
  expect(await leadsOf(idOf(first))).toEqual([]);
  expect(await leadsOf(idOf(second))).toEqual([]);
  expect((await submissionRow(idOf(first)))?.last_error).toBe("RATE_LIMIT_EXCEEDED");
});

it("spends a retry on a 429 after all when the queue refuses the new message, or the submission is a day old", async () => {
  const young = await acceptOnly(person());
  await injectFault({ mode: "429", retryAfterSeconds: 2 });
  const refusing = recordingQueue(true);
  const result = await runQueue([young], { bindings: { ...env, SUBMISSIONS: refusing.queue } as Env });
  expect(result.explicitAcks).toEqual([]);
  expect(result.retryMessages.map((r) => r.msgId)).toEqual(["msg-0"]);
  // A day after acceptance, waits count: a key the API refuses for good ends as a dead letter, not in a loop.
  const old = { ...(await acceptOnly(person())), acceptedAt: new Date(Date.now() - 25 * 3_600_000).toISOString() };
  const { queue, sent } = recordingQueue();
  const later = await runQueue([old], { bindings: { ...env, SUBMISSIONS: queue } as Env });
  expect(later.retryMessages.map((r) => r.msgId)).toEqual(["msg-0"]);
  expect(sent).toEqual([]);
});
