import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { acceptOnly, idOf, injectFault, leadsOf, person, resetAll, runQueue, submissionRow } from "./intake-helpers";

// On its own in this file: a 429 leaves a cool-down in the worker's isolate-wide backoff cache (by design),
// which would hold back the deliveries of any test after it in the same isolate.
beforeEach(resetAll);

it("hands a 429 back to the queue with Retry-After as the delay, and shares the cool-down in KV", async () => {
  const [first, second] = [await acceptOnly(person()), await acceptOnly(person())];
  // Longer than the consumer's 20 s call deadline: the client gives up at once rather than sleeping.
  await injectFault({ mode: "429", retryAfterSeconds: 30 });
  const before = Date.now();
  const result = await runQueue([first, second]);
  expect(result.explicitAcks).toEqual([]);
  expect(result.retryMessages.map((r) => r.msgId)).toEqual(["msg-0", "msg-1"]);
  for (const { delaySeconds } of result.retryMessages) {
    expect(delaySeconds).toBeGreaterThanOrEqual(29);
    expect(delaySeconds).toBeLessThanOrEqual(30);
  }
  expect(await submissionRow(idOf(first))).toMatchObject({
    state: "queued",
    attempts: 1,
    last_error: "RATE_LIMIT_EXCEEDED",
  });
  // The fault answered one request only: had the second message been sent, it would have made a lead.
  expect(await leadsOf(idOf(second))).toEqual([]);
  expect((await submissionRow(idOf(second)))?.last_error).toBe("RATE_LIMIT_EXCEEDED");

  const { keys } = await env.ACTUALLYCARE_KV.list({ prefix: "backoff:" });
  expect(keys).toHaveLength(1);
  const marker = JSON.parse((await env.ACTUALLYCARE_KV.get(keys[0]?.name ?? "")) ?? "{}") as { until?: number };
  expect(marker.until).toBeGreaterThanOrEqual(before + 29_000);
  // The key names a hash of the credential, never the credential itself.
  expect(keys[0]?.name).not.toContain(env.ACTUALLYCARE_API_KEY);
});
