import { env, SELF } from "cloudflare:test";
import { type ActuallyCareClient, createClient } from "@actuallycare/shared/client/create-client";
import type { ClientConfig } from "@actuallycare/shared/client/create-transport";
import type { Clock } from "@actuallycare/shared/client/kv-like";
import { operationOf } from "./operations";

export const BASE_URL = "http://localhost:8787/v1";

/** One request the client sent, as the fetch wrapper saw it. */
export interface Sent {
  method: string;
  path: string;
  /** `GET /leads/{id}`, or undefined outside the 64 operations. */
  op: string | undefined;
  status: number;
  auth: "key" | "bearer" | "none";
}

/** Operations answered 2xx anywhere in the file: the coverage check reads it at the end. */
export const covered = new Set<string>();

export interface WrapOptions {
  /** CF-Connecting-IP, so this file's rate windows are its own. */
  ip: string;
  /** Rewrites a JSON answer before the client sees it (return undefined to keep it). */
  rewrite?: (op: string | undefined, body: any) => unknown;
}

/**
 * The client's `fetch`: the real path into the sandbox (`SELF`), recording
 * every request so tests can count refreshes, logins and operations.
 */
export function sandboxFetch(o: WrapOptions) {
  const sent: Sent[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const req = new Request(request);
    req.headers.set("CF-Connecting-IP", o.ip);
    const res = await SELF.fetch(req);
    const op = operationOf(req.method, req.url);
    const auth = req.headers.has("X-API-Key") ? "key" : req.headers.has("Authorization") ? "bearer" : "none";
    sent.push({ method: req.method, path: new URL(req.url).pathname, op, status: res.status, auth });
    if (op && res.ok) covered.add(op);
    if (!o.rewrite) return res;
    const changed = o.rewrite(op, await res.clone().json());
    return changed === undefined
      ? res
      : new Response(JSON.stringify(changed), { status: res.status, headers: res.headers });
  };
  return { fetch, sent, count: (op: string) => sent.filter((s) => s.op === op).length };
}

/** A client clock that can run ahead of real time, to match the sandbox clock. */
export function offsetClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => (offset += ms) };
}

/** The typed client over the sandbox, with the client's KV; pacing off (rate limits are tested elsewhere). */
export async function sandboxClient(
  config: Partial<ClientConfig> & WrapOptions,
): Promise<{ client: ActuallyCareClient; sent: Sent[]; count: (op: string) => number }> {
  const { ip, rewrite, ...rest } = config;
  const wrapped = sandboxFetch({ ip, rewrite });
  const client = await createClient({
    baseUrl: BASE_URL,
    kv: env.CLIENT_KV,
    backoffCache: new Map(),
    pace: false,
    ...rest,
    fetch: wrapped.fetch,
  });
  return { client, sent: wrapped.sent, count: wrapped.count };
}

/** Forgets cached tokens and cool-downs: the sandbox's reset invalidates every token they hold. */
export async function clearClientKv(): Promise<void> {
  const { keys } = await env.CLIENT_KV.list();
  await Promise.all(keys.map((k) => env.CLIENT_KV.delete(k.name)));
}

/** Moves the sandbox clock (a test control outside /v1). */
export async function advanceSandboxClock(ms: number): Promise<void> {
  const r = await SELF.fetch("http://localhost:8787/__sandbox/clock", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ advanceMs: ms }),
  });
  if (r.status !== 200) throw new Error(`clock: ${r.status} ${await r.text()}`);
}

/** Sends pending webhook deliveries now. */
export async function flushWebhooks(): Promise<void> {
  const r = await SELF.fetch("http://localhost:8787/__sandbox/webhooks/flush", { method: "POST" });
  if (r.status !== 200) throw new Error(`flush: ${r.status} ${await r.text()}`);
}
