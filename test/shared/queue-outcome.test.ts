import { queueDelay, retryAfterSeconds, settle } from "@actuallycare/shared/worker/queue-outcome";
import { describe, expect, it } from "vitest";

const NOW = Date.parse("2026-07-15T14:00:00.000Z");

describe("queue outcomes", () => {
  it("acks, or retries with a delay Queues accept", () => {
    const calls: unknown[] = [];
    const msg = { ack: () => calls.push("ack"), retry: (o?: QueueRetryOptions) => calls.push(o) };
    settle(msg, { ack: true });
    settle(msg, { ack: false, retryInSeconds: 2.2 });
    settle(msg, { ack: false, retryInSeconds: 90_000 });
    settle(msg, { ack: false, retryInSeconds: -5 });
    expect(calls).toEqual(["ack", { delaySeconds: 3 }, { delaySeconds: 43_200 }, { delaySeconds: 0 }]);
    expect(queueDelay(Number.NaN)).toBe(43_200);
  });

  it("reads Retry-After as seconds or an HTTP date, else Discord's retry_after", () => {
    expect(retryAfterSeconds(new Headers({ "Retry-After": "30" }), NOW)).toBe(30);
    expect(retryAfterSeconds(new Headers({ "Retry-After": "Wed, 15 Jul 2026 14:02:00 GMT" }), NOW)).toBe(120);
    expect(retryAfterSeconds(new Headers({ "Retry-After": "Wed, 15 Jul 2026 13:00:00 GMT" }), NOW)).toBe(0);
    expect(
      retryAfterSeconds(
        new Headers(),
        NOW,
        '{"message":"You are being rate limited.","retry_after":1.25,"global":false}',
      ),
    ).toBe(1.25);
    expect(retryAfterSeconds(new Headers({ "Retry-After": "soon" }), NOW, "not json")).toBeNull();
    expect(retryAfterSeconds(new Headers(), NOW, '{"retry_after":-1}')).toBeNull();
  });
});
