import { env } from "cloudflare:workers";
import { verifyActuallyCareWebhook } from "@actuallycare/shared/webhooks/actuallycare";
import { createLogger } from "@actuallycare/shared/worker/log";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { configFrom, type Destination, type Settings } from "../../workers/webhook-fanout/src/config/env";
import { markDead } from "../../workers/webhook-fanout/src/delivery/dead-letters";
import { type DeliverDeps, deliverMessage } from "../../workers/webhook-fanout/src/delivery/deliver-message";
import { destinationState } from "../../workers/webhook-fanout/src/delivery/destination-state";
import type { DeliveryMessage } from "../../workers/webhook-fanout/src/delivery/message";
import { backoffSeconds } from "../../workers/webhook-fanout/src/delivery/retry-policy";
import { acceptEvent } from "../../workers/webhook-fanout/src/ingest/accept-event";
import { deliveryRows, eventBody, SECRET } from "./fanout-helpers";

// The consumer called directly, against the real D1, with a scripted destination: every way a request can end.

const WHSEC = "whsec_dGVzdC1kZWxpdmVyeS1zaWduaW5nLWtleS0wMDAx";

function destination(id: string, type: Destination["type"] = "http"): Destination {
  return {
    id,
    type,
    events: ["*"],
    conditions: [],
    enabled: true,
    urlSecret: "UNUSED",
    url: `https://${id}.example.com/hook`,
    ...(type === "http" ? { signingSecret: "UNUSED_KEY" } : {}),
    signingKey: type === "http" ? WHSEC : null,
  } as Destination;
}

/** A recording queue: what acceptEvent or the consumer would have sent. */
function recorder<T>() {
  const sent: T[] = [];
  const queue = {
    send: async (body: T) => void sent.push(body),
    sendBatch: async (batch: Array<{ body: T }>) => void sent.push(...batch.map((b) => b.body)),
  } as unknown as Queue<T>;
  return { sent, queue };
}

type Script = Array<Response | Error | (() => Promise<Response>)>;

/** Deps with a destination that answers from `script`, one entry per request; records the requests. */
function deps(dest: Destination, script: Script, settings: Partial<Settings> = {}) {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const dead = recorder<DeliveryMessage & { reason: string }>();
  const send = (async (url: string, init: RequestInit) => {
    requests.push({ url, init });
    const next = script.shift();
    if (next === undefined) throw new Error("the script ran out");
    if (next instanceof Error) throw next;
    return typeof next === "function" ? next() : next;
  }) as typeof fetch;
  const d: DeliverDeps = {
    db: env.FANOUT_DB,
    deadLetters: dead.queue,
    destinations: new Map([[dest.id, dest]]),
    settings: { ...configFrom(env).settings, baseDelaySeconds: 30, maxAttempts: 4, failureStreakLimit: 0, ...settings },
    now: Date.now,
    random: () => 1,
    send,
    log: createLogger("webhook-fanout", () => {}),
  };
  return { d, requests, dead: dead.sent };
}

/** Stores a fresh event routed to `dest` and returns its one message. */
async function stored(dest: Destination, data: Record<string, unknown> = {}): Promise<DeliveryMessage> {
  const raw = eventBody("lead.created", {
    id: crypto.randomUUID(),
    name: "Rachel Kim",
    source: "Website Form",
    ...data,
  });
  const headers = new Headers({ "X-Webhook-Event": "lead.created", "X-Webhook-Signature": await signed(raw) });
  const v = await verifyActuallyCareWebhook(new TextEncoder().encode(raw), headers, {
    secrets: [SECRET],
    now: Date.now(),
    maxAgeMs: 60_000,
    maxFutureMs: 60_000,
  });
  if (!v.ok) throw new Error(v.refusal.code);
  const q = recorder<DeliveryMessage>();
  await acceptEvent({ db: env.FANOUT_DB, queue: q.queue, destinations: [dest], now: Date.now }, v.event, raw);
  if (q.sent.length !== 1) throw new Error(`expected one message, got ${q.sent.length}`);
  return q.sent[0] as DeliveryMessage;
}

async function signed(raw: string) {
  const { signWebhookBody } = await import("@actuallycare/shared/webhook-signature");
  return signWebhookBody(SECRET, raw);
}

const logOf = async (eventId: string) =>
  (
    await env.FANOUT_DB.prepare(
      "SELECT attempt, outcome, status, error_class, response_snippet FROM attempts WHERE event_id = ? ORDER BY id",
    )
      .bind(eventId)
      .all()
  ).results;

describe("the delivery consumer", () => {
  it("delivers once: a second copy of the message sends nothing", async () => {
    const dest = destination(`ok-${crypto.randomUUID().slice(0, 8)}`);
    const msg = await stored(dest);
    const { d, requests } = deps(dest, [new Response("fine", { status: 200 })]);
    expect(await deliverMessage(d, msg)).toEqual({ ack: true, state: "delivered" });
    expect(await deliverMessage(d, msg)).toEqual({ ack: true, state: "delivered" });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.init.redirect).toBe("manual");
    // The http destination gets the original bytes, re-signed for the library; ActuallyCare's signature is not sent.
    const headers = requests[0]?.init.headers as Record<string, string>;
    const body = String(requests[0]?.init.body);
    expect(new Webhook(WHSEC).verify(body, headers)).toMatchObject({ event: "lead.created" });
    const original = await env.FANOUT_DB.prepare("SELECT body FROM events WHERE id = ?")
      .bind(msg.eventId)
      .first<{ body: string }>();
    expect(body).toBe(original?.body);
    expect(Object.keys(headers).map((h) => h.toLowerCase())).not.toContain("x-webhook-signature");
    expect(await deliveryRows(msg.eventId)).toMatchObject([{ state: "delivered", attempts: 0, tries: 1 }]);
    expect(await logOf(msg.eventId)).toEqual([
      { attempt: 1, outcome: "delivered", status: 200, error_class: null, response_snippet: "fine" },
    ]);
  });

  it("retries 5xx, timeouts and network errors with backoff, then hands the message to the dead-letter queue", async () => {
    const dest = destination(`fail-${crypto.randomUUID().slice(0, 8)}`);
    const msg = await stored(dest);
    const timeout = new DOMException("The operation timed out", "TimeoutError");
    const { d, requests, dead } = deps(dest, [
      new Response("boom", { status: 503 }),
      timeout,
      new TypeError("fetch failed"),
      new Response("still down", { status: 500 }),
    ]);
    expect(await deliverMessage(d, msg)).toEqual({ ack: false, retryInSeconds: 30, state: "retry" });
    expect(await deliverMessage(d, msg)).toEqual({ ack: false, retryInSeconds: 60, state: "retry" });
    expect(await deliverMessage(d, msg)).toEqual({ ack: false, retryInSeconds: 120, state: "retry" });
    expect(await deliverMessage(d, msg)).toEqual({ ack: true, state: "dead" });
    expect(requests).toHaveLength(4);
    expect(dead).toEqual([{ ...msg, reason: "RETRIES_EXHAUSTED" }]);
    expect((await logOf(msg.eventId)).map((r: any) => [r.attempt, r.error_class])).toEqual([
      [1, "http_5xx"],
      [2, "timeout"],
      [3, "network"],
      [4, "http_5xx"],
    ]);
    // The dead-letter consumer marks it dead; a second copy changes nothing.
    expect(await markDead(env.FANOUT_DB, dead[0], Date.now())).toBe(true);
    expect(await markDead(env.FANOUT_DB, dead[0], Date.now())).toBe(false);
    expect(await deliveryRows(msg.eventId)).toMatchObject([
      { state: "dead", attempts: 4, last_error: "RETRIES_EXHAUSTED" },
    ]);
  });

  it("honours Retry-After (header or Discord's retry_after) without counting it as a failed attempt", async () => {
    const dest = destination(`limited-${crypto.randomUUID().slice(0, 8)}`, "discord");
    const msg = await stored(dest);
    const { d } = deps(dest, [
      new Response("slow down", { status: 429, headers: { "Retry-After": "7" } }),
      Response.json({ message: "You are being rate limited.", retry_after: 1.5, global: false }, { status: 429 }),
      new Response("slow down", { status: 429 }),
      new Response(null, { status: 204 }),
    ]);
    expect(await deliverMessage(d, msg)).toEqual({ ack: false, retryInSeconds: 7, state: "rate_limited" });
    expect(await deliverMessage(d, msg)).toEqual({ ack: false, retryInSeconds: 2, state: "rate_limited" });
    expect(await deliveryRows(msg.eventId)).toMatchObject([{ state: "queued", attempts: 0, tries: 2 }]);
    // A 429 that says nothing about waiting is a failed attempt like any other.
    expect(await deliverMessage(d, msg)).toEqual({ ack: false, retryInSeconds: 30, state: "retry" });
    expect(await deliverMessage(d, msg)).toEqual({ ack: true, state: "delivered" });
    expect(await deliveryRows(msg.eventId)).toMatchObject([{ state: "delivered", attempts: 1, tries: 4 }]);
  });

  it("does not follow redirects and does not retry a 3xx or a 4xx: straight to the dead-letter queue", async () => {
    for (const [status, reason] of [
      [302, "REDIRECT"],
      [404, "HTTP_4XX"],
      [400, "HTTP_4XX"],
    ] as const) {
      const dest = destination(`no-${status}-${crypto.randomUUID().slice(0, 8)}`, "slack");
      const msg = await stored(dest);
      const { d, dead } = deps(dest, [
        new Response("no", { status, headers: { Location: "https://elsewhere.example" } }),
      ]);
      expect(await deliverMessage(d, msg)).toEqual({ ack: true, state: "dead" });
      expect(dead).toEqual([{ ...msg, reason }]);
    }
  });

  it("disables a destination that answers 410 Gone, parks its deliveries, and says why", async () => {
    const dest = destination(`gone-${crypto.randomUUID().slice(0, 8)}`, "teams");
    const first = await stored(dest);
    const second = await stored(dest);
    const { d, requests } = deps(dest, [new Response("gone", { status: 410 })]);
    expect(await deliverMessage(d, first)).toEqual({ ack: true, state: "parked" });
    expect(await deliverMessage(d, second)).toEqual({ ack: true, state: "parked" });
    expect(requests).toHaveLength(1);
    const state = await destinationState(env.FANOUT_DB, dest.id);
    expect(state.disabledAtMs).not.toBeNull();
    expect(state.disabledReason).toMatch(/^410 Gone from the destination at /);
    expect(await deliveryRows(second.eventId)).toMatchObject([{ state: "parked", last_error: "DESTINATION_DISABLED" }]);
  });

  it("disables a destination after a long failure streak across events", async () => {
    const dest = destination(`streak-${crypto.randomUUID().slice(0, 8)}`);
    const msgs = [await stored(dest), await stored(dest), await stored(dest)];
    const { d } = deps(
      dest,
      [new Response("", { status: 500 }), new Response("", { status: 500 }), new Response("", { status: 500 })],
      {
        failureStreakLimit: 3,
      },
    );
    for (const m of msgs) expect((await deliverMessage(d, m)).state).toBe("retry");
    expect((await destinationState(env.FANOUT_DB, dest.id)).disabledReason).toBe("3 failed attempts in a row");
    expect(await deliverMessage(d, msgs[0])).toEqual({ ack: true, state: "parked" });
  });

  it("a success ends the streak", async () => {
    const dest = destination(`reset-${crypto.randomUUID().slice(0, 8)}`);
    const a = await stored(dest);
    const b = await stored(dest);
    const { d } = deps(dest, [new Response("", { status: 500 }), new Response("", { status: 200 })], {
      failureStreakLimit: 2,
    });
    await deliverMessage(d, a);
    await deliverMessage(d, b);
    expect(await destinationState(env.FANOUT_DB, dest.id)).toMatchObject({ failureStreak: 0, disabledAtMs: null });
  });

  it("two copies of one message in flight at once send once (a lease)", async () => {
    const dest = destination(`lease-${crypto.randomUUID().slice(0, 8)}`);
    const msg = await stored(dest);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { d, requests } = deps(dest, [
      async () => {
        await gate;
        return new Response("", { status: 200 });
      },
    ]);
    const first = deliverMessage(d, msg);
    await new Promise((r) => setTimeout(r, 50));
    const second = await deliverMessage(d, msg);
    expect(second).toMatchObject({ ack: false, state: "leased" });
    release();
    expect(await first).toEqual({ ack: true, state: "delivered" });
    expect(requests).toHaveLength(1);
  });

  it("acks stale generations, removed destinations and malformed messages without sending", async () => {
    const dest = destination(`misc-${crypto.randomUUID().slice(0, 8)}`);
    const msg = await stored(dest);
    const { d, requests } = deps(dest, []);
    expect(await deliverMessage(d, { ...msg, generation: 5 })).toEqual({ ack: true, state: "stale" });
    expect(await deliverMessage(d, { nonsense: true })).toEqual({ ack: true, state: "malformed" });
    expect(await deliverMessage({ ...d, destinations: new Map() }, msg)).toEqual({ ack: true, state: "dropped" });
    expect(requests).toHaveLength(0);
  });
});

describe("the retry schedule", () => {
  const defaults = { baseDelaySeconds: 30, maxDelaySeconds: 21_600 };
  it("grows exponentially to hours, with jitter between half and all of each step", () => {
    const ceilings = Array.from({ length: 11 }, (_, i) => backoffSeconds(i + 1, defaults, () => 1));
    expect(ceilings.slice(0, 4)).toEqual([30, 60, 120, 240]);
    expect(ceilings.at(-1)).toBe(21_600);
    expect(ceilings.reduce((a, b) => a + b, 0) / 3600).toBeGreaterThan(10);
    expect(backoffSeconds(3, defaults, () => 0)).toBe(60);
    for (let i = 0; i < 50; i++) {
      const s = backoffSeconds(5, defaults);
      expect(s).toBeGreaterThanOrEqual(240);
      expect(s).toBeLessThanOrEqual(480);
    }
  });
});
