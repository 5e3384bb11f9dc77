import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { signWebhookBody } from "@actuallycare/shared/webhook-signature";

export const WORKER = "http://localhost:8791";
/** The test operator token of vitest.config.mts. */
export const OPERATOR_TOKEN = "test-operator-token-0123456789";
export const SECRET = env.ACTUALLYCARE_WEBHOOK_SECRET;

/** The playground (sandbox API, controls and inboxes), through the service binding. */
export async function playground(path: string, init: RequestInit = {}): Promise<any> {
  const res = await env.ACTUALLYCARE_API.fetch(`http://localhost:8787${path}`, init);
  return res.json();
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** An event body as ActuallyCare sends it (compact JSON), timestamped now by default. */
export function eventBody(event: string, data: unknown, at = new Date()): string {
  return JSON.stringify({ event, timestamp: at.toISOString(), data, team_id: "0b7e5f1c-2d3a-4b5c-8d9e-0f1a2b3c4d5e" });
}

/** POSTs a body to /ingest signed as ActuallyCare signs it (spec §3.3). */
export async function ingest(raw: string, opts: { secret?: string; headers?: Record<string, string> } = {}) {
  const event = (JSON.parse(raw) as { event: string }).event;
  return SELF.fetch(`${WORKER}/ingest`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Webhook-Event": event,
      "X-Webhook-Timestamp": (JSON.parse(raw) as { timestamp: string }).timestamp,
      "X-Webhook-Signature": await signWebhookBody(opts.secret ?? SECRET, raw),
      ...opts.headers,
    },
    body: raw,
  });
}

export interface InboxRequest {
  headers: Record<string, string>;
  body: string;
  receivedAt: string;
  status: number;
}

export async function inbox(name: string): Promise<InboxRequest[]> {
  return (await playground(`/__inbox/${name}`)).data.requests;
}

/** The inbox's requests whose body mentions `marker` (tests share the inboxes, so each uses its own marker). */
export async function inboxWith(name: string, marker: string): Promise<InboxRequest[]> {
  return (await inbox(name)).filter((r) => r.body.includes(marker));
}

/** Operator endpoints under /admin, with the operator token unless told otherwise (null: no header). */
export function admin(path: string, init: RequestInit = {}, auth: string | null = `Bearer ${OPERATOR_TOKEN}`) {
  const headers = new Headers(init.headers);
  if (auth !== null) headers.set("Authorization", auth);
  return SELF.fetch(`${WORKER}/admin${path}`, { ...init, headers });
}

/** Polls `read` until `done` holds, bounded: for what the queue or the sandbox finishes after we return. */
export async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until)
      throw new Error(`condition not met after ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The sandbox's clock set to the real time (ticking), so its webhooks are fresh for the worker's real clock. */
export async function alignSandboxClock(): Promise<void> {
  await playground("/__sandbox/clock", json({ now: new Date().toISOString(), frozen: false }));
}

export async function deliveryRows(eventId: string) {
  const { results } = await env.FANOUT_DB.prepare(
    "SELECT destination_id, state, generation, attempts, tries, last_error FROM deliveries WHERE event_id = ? ORDER BY destination_id",
  )
    .bind(eventId)
    .all<{
      destination_id: string;
      state: string;
      generation: number;
      attempts: number;
      tries: number;
      last_error: string | null;
    }>();
  return results;
}
