import { beforeEach, expect, it } from "vitest";
import { deliver, FIXTURE_NOW, injectFault, outbox, resetAll, row, tick } from "./digest-helpers";

// On its own in this file: a 429 leaves a cool-down in the worker's isolate-wide backoff cache (by design),
// which would hold back the API calls of any test after it in the same isolate.
beforeEach(resetAll);

it("a 429 hands the digest back to the queue with Retry-After as the delay, and the retry sends it once", async () => {
  const messages = await tick(FIXTURE_NOW);
  await injectFault({ mode: "429", retryAfterSeconds: 2 });
  const outcomes = await deliver(messages);
  // Both wait: the cool-down is shared, so the second recipient does not even try.
  for (const o of outcomes) {
    expect(o.ack).toBe(false);
    if (!o.ack) expect(o.retryInSeconds).toBeGreaterThanOrEqual(1);
    if (!o.ack) expect(o.retryInSeconds).toBeLessThanOrEqual(2);
  }
  expect(await row(messages[0]?.body.occurrence ?? "")).toMatchObject({
    state: "queued",
    error_code: "RATE_LIMIT_EXCEEDED",
  });
  expect(await outbox()).toEqual([]);
  await new Promise((r) => setTimeout(r, 2100));
  expect(await deliver(messages)).toEqual([{ ack: true }, { ack: true }]);
  expect((await outbox()).map((m) => m.to[0]).sort()).toEqual(["jordan.lee@example.com", "maria.alvarez@example.com"]);
});
