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

// On its own in this file: a 429 leaves a cool-down in the worker's isolate-wide backoff cache (by design),
// which would hold back the deliveries of any test after it in the same isolate.
beforeEach(resetAll);

it("puts a 429 back on the queue as a new message after Retry-After (no retry spent), sharing the cool-down", async () => {
  const [first, second] = [await acceptOnly(person()), await acceptOnly(person())];
  // Longer than the consumer's 20 s call deadline: the client gives up at once rather than sleeping.
  await injectFault({ mode: "429", retryAfterSeconds: 30 });
  const before = Date.now();
  const { queue, sent } = recordingQueue();
  const result = await runQueue([first, second], { bindings: { ...env, SUBMISSIONS: queue } as Env });
  // Acked, and sent again with the delay: a storm of 429s cannot use up max_retries and dead-letter them.
  expect(result.explicitAcks).toEqual(["msg-0", "msg-1"]);
  expect(result.retryMessages).toEqual([]);
  expect(sent.map((s) => s.body)).toEqual([first, second]);
  for (const { delaySeconds } of sent) {
    expect(delaySeconds).toBeGreaterThanOrEqual(29);
    expect(delaySeconds).toBeLessThanOrEqual(30);
  }
  expect(await submissionRow(idOf(first))).toMatchObject({
    state: "queued",
    attempts: 1,
    last_error: "RATE_LIMIT_EXCEEDED",
  });
  // The fault answered one request only: had the second message been sent, it would have made a lead. The batch
  // waits as one, so the second was not even tried (its row untouched): one probe per batch in a storm.
  expect(await leadsOf(idOf(second))).toEqual([]);
  expect(await submissionRow(idOf(second))).toMatchObject({ state: "queued", attempts: 0, last_error: null });

  const { keys } = await env.ACTUALLYCARE_KV.list({ prefix: "backoff:" });
  expect(keys).toHaveLength(1);
  const marker = JSON.parse((await env.ACTUALLYCARE_KV.get(keys[0]?.name ?? "")) ?? "{}") as { until?: number };
  expect(marker.until).toBeGreaterThanOrEqual(before + 29_000);
  // The key names a hash of the credential, never the credential itself.
  expect(keys[0]?.name).not.toContain(env.ACTUALLYCARE_API_KEY);
});
