import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { signWebhookBody } from "@actuallycare/shared/webhook-signature";
import { inject } from "vitest";
import { FULL_TOKEN, WEBHOOK_SECRET } from "./test-bindings";

export const BRIDGE = "http://localhost:8789";
export const KEY_HEADER = { "X-API-Key": env.ACTUALLYCARE_API_KEY };

/** The sandbox, through the same service binding the worker uses. */
export async function sandbox(path: string, init: RequestInit = {}): Promise<any> {
  const res = await env.ACTUALLYCARE_API.fetch(`http://sandbox.internal${path}`, init);
  return res.json();
}

/** A JSON call to the sandbox API with the fixture key (as another app of the account would make changes). */
export async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = KEY_HEADER) {
  return sandbox(`/v1${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export async function resetAll(): Promise<void> {
  await sandbox("/__sandbox/reset", { method: "POST" });
  const db = env.BRIDGE_DB;
  const tables = await db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'd1_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'",
    )
    .all<{ name: string }>();
  await db.batch(tables.results.map((t) => db.prepare(`DELETE FROM ${t.name}`)));
  for (const k of (await env.ACTUALLYCARE_KV.list()).keys) await env.ACTUALLYCARE_KV.delete(k.name);
}

/** Calls the bridge with a token (the full-scope one unless told; null sends none). */
export async function bridge(
  path: string,
  {
    method = "GET",
    body,
    token = FULL_TOKEN,
    headers = {},
  }: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const h: Record<string, string> = { ...headers };
  if (token !== null) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h["Content-Type"] ??= "application/json";
  const res = await SELF.fetch(`${BRIDGE}${path}`, {
    method,
    headers: h,
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the test sees the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Asserts the error envelope with a status and code; returns `error`. */
export function expectError(r: { status: number; body: any }, status: number, code: string): any {
  if (r.status !== status || r.body?.success !== false || r.body?.error?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${r.status} ${JSON.stringify(r.body)}`);
  }
  return r.body.error;
}

/** The sandbox clock now (the bridge follows it in tests, as in `npm start`). */
export async function sandboxNow(): Promise<number> {
  return Date.parse((await sandbox("/__sandbox/clock")).data.now);
}

/** A webhook as the API signs it: the body's bytes, with the headers of spec §3.2. */
export async function signedWebhook(
  event: string,
  data: Record<string, unknown>,
  { timestamp, secret = WEBHOOK_SECRET, teamId }: { timestamp?: string; secret?: string; teamId?: string } = {},
) {
  const ts = timestamp ?? new Date(await sandboxNow()).toISOString();
  const body = JSON.stringify({ event, timestamp: ts, data, ...(teamId ? { team_id: teamId } : {}) });
  return {
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Webhook-Event": event,
      "X-Webhook-Timestamp": ts,
      "X-Webhook-Signature": await signWebhookBody(secret, body),
    },
  };
}

export async function postIngest(hook: { body: string; headers: Record<string, string> }) {
  return bridge("/ingest", { method: "POST", body: hook.body, headers: hook.headers, token: null });
}

/**
 * Subscribes the bridge to the sandbox's webhooks as `npm run bridge:register` does (Maria, the broker, owns the
 * subscription; Jordan's changes reach it through the team), pointing at the capture server so each delivery
 * succeeds and is recorded by the sandbox. `relay` then hands the recorded deliveries to `/ingest` as they were sent.
 */
export async function subscribeBridge(events: string[] = ["all"]) {
  const login = await sandbox("/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": "10.8.0.1" },
    body: JSON.stringify({ email: "maria.alvarez@example.com", password: "Sandbox123" }),
  });
  const url = `${inject("captureUrl")}/ok/bridge-${crypto.randomUUID()}`;
  const created = await sandbox("/v1/webhooks", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${login.data.accessToken}` },
    body: JSON.stringify({ url, events, secret: WEBHOOK_SECRET }),
  });
  const webhookId: string = created.data.id;
  const relayed = new Set<string>();
  return {
    webhookId,
    /** Every delivery of this subscription so far (each attempt), oldest first. */
    deliveries: async (): Promise<any[]> => (await sandbox(`/__sandbox/deliveries?webhook_id=${webhookId}`)).data,
    /** Waits until at least `count` deliveries exist, then posts the ones not relayed yet to /ingest. */
    relay: async (count: number, filter: (d: any) => boolean = () => true) => {
      const all = await eventually(
        async () => (await sandbox(`/__sandbox/deliveries?webhook_id=${webhookId}`)).data as any[],
        (d) => d.length >= count,
      );
      const results = [];
      for (const d of all) {
        if (relayed.has(d.id) || !filter(d)) continue;
        relayed.add(d.id);
        results.push({ delivery: d, answer: await postIngest({ body: d.body, headers: d.headers }) });
      }
      return results;
    },
  };
}

/** Polls `read` until `done` holds, bounded: for what the sandbox or a real queue finishes after we return. */
export async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`condition not met after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Runs the worker's queue consumer on one batch of `queue` (message ids msg-0, msg-1 …) and returns its acks and
 * retries, keeping each retry's `delaySeconds` (the plugin's test messages drop retry()'s options).
 */
export async function runQueue(
  queue: string,
  bodies: unknown[],
  {
    attempts = 1,
    overrides = {},
  }: { attempts?: number; overrides?: import("../../workers/bridge/src/queue/queue-handler").QueueOverrides } = {},
) {
  const { createExecutionContext, createMessageBatch, getQueueResult } = await import("cloudflare:test");
  const { handleQueue } = await import("../../workers/bridge/src/queue/queue-handler");
  const messages = bodies.map((body, i) => ({ id: `msg-${i}`, timestamp: new Date(), attempts, body }));
  const batch = createMessageBatch(queue, messages) as MessageBatch<unknown>;
  const delays = new Map<string, number | undefined>();
  for (const m of batch.messages) {
    const retry = m.retry;
    m.retry = (options?: QueueRetryOptions) => {
      delays.set(m.id, options?.delaySeconds);
      retry.call(m, options);
    };
  }
  const ctx = createExecutionContext();
  await handleQueue(batch, env, overrides);
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryMessages: result.retryMessages.map((r) => ({ ...r, delaySeconds: delays.get(r.msgId) })) };
}

/** A hook target for tests: answers by path (`/ok`, `/gone`, `/fail`, `/busy`) and records what it was sent. */
export function fakeTargets() {
  const received: Array<{ url: string; headers: Record<string, string>; body: any }> = [];
  const fetch = async (request: Request): Promise<Response> => {
    received.push({ url: request.url, headers: Object.fromEntries(request.headers), body: await request.json() });
    const path = new URL(request.url).pathname;
    if (path.startsWith("/gone")) return new Response("gone", { status: 410 });
    if (path.startsWith("/fail")) return new Response("oops", { status: 500 });
    if (path.startsWith("/busy")) return new Response("slow down", { status: 429, headers: { "Retry-After": "120" } });
    if (path.startsWith("/boom")) throw new TypeError("connection reset");
    return new Response("ok", { status: 200 });
  };
  return { fetch, received };
}
