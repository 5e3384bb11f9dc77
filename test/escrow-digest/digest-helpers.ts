import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createLogger } from "@actuallycare/shared/worker/log";
import { configFrom, type DigestEnv } from "../../workers/escrow-digest/src/config/env";
import { getSend, type SendRow } from "../../workers/escrow-digest/src/ledger/sends-ledger";
import type { QueueOutcome } from "../../workers/escrow-digest/src/operator/queue-outcome";
import { escrowSource } from "../../workers/escrow-digest/src/run/api-client";
import { type DeliverDeps, deliverOccurrence } from "../../workers/escrow-digest/src/run/deliver-occurrence";
import type { Enqueued } from "../../workers/escrow-digest/src/run/digest-message";
import { runTick } from "../../workers/escrow-digest/src/run/tick";
import type { EmailProvider } from "../../workers/escrow-digest/src/send/email-provider";

export const WORKER = "http://localhost:8790";
export const OPERATOR_TOKEN = env.OPERATOR_TOKEN;
/** The fixture date: the sandbox clock after a reset (a Wednesday). */
export const FIXTURE_NOW = Date.parse("2026-07-01T16:00:00.000Z");
export const digestEnv = env as unknown as DigestEnv;

/** The sandbox (and its outbox), through the same service binding the worker uses. */
export async function sandbox(path: string, init: RequestInit = {}): Promise<any> {
  const res = await env.ACTUALLYCARE_API.fetch(`http://sandbox.internal${path}`, init);
  return res.json();
}

export async function resetAll(): Promise<void> {
  await sandbox("/__sandbox/reset", { method: "POST" });
  await sandbox("/__outbox", { method: "DELETE" });
  await env.ESCROW_DIGEST_DB.batch(
    ["sends", "recipient_state", "unsubscribes", "timeline_cache", "list_counts"].map((t) =>
      env.ESCROW_DIGEST_DB.prepare(`DELETE FROM ${t}`),
    ),
  );
  for (const k of (await env.ACTUALLYCARE_KV.list()).keys) await env.ACTUALLYCARE_KV.delete(k.name);
}

export interface OutboxMessage {
  id: string;
  to: string[];
  from: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  idempotencyKey: string | null;
  receivedAt: string;
}

export async function outbox(): Promise<OutboxMessage[]> {
  return (await sandbox("/__outbox")).data.messages;
}

export async function injectFault(fault: Record<string, unknown>): Promise<void> {
  const res = await env.ACTUALLYCARE_API.fetch("http://sandbox.internal/__sandbox/faults", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ path: "/v1/escrows", method: "GET", count: 1, ...fault }),
  });
  if (!res.ok) throw new Error(`fault refused: ${res.status} ${await res.text()}`);
}

/** One cron tick as the scheduled handler runs it, collecting what it enqueues. */
export async function tick(scheduledTime: number, now = scheduledTime): Promise<Enqueued[]> {
  const out: Enqueued[] = [];
  await runTick(
    {
      db: env.ESCROW_DIGEST_DB,
      recipients: configFrom(digestEnv).recipients,
      enqueue: async (m) => {
        out.push(...m);
      },
      now,
    },
    scheduledTime,
  );
  return out;
}

/** Deps as the queue consumer builds them, with overrides (a failing D1, another provider, a clock). */
export async function deliverDeps(overrides: Partial<DeliverDeps> = {}): Promise<DeliverDeps> {
  const config = configFrom(digestEnv);
  return {
    db: env.ESCROW_DIGEST_DB,
    config,
    source: await escrowSource(digestEnv, config, { priority: "bulk", queue: true }),
    provider: config.provider,
    now: () => FIXTURE_NOW,
    log: createLogger("escrow-digest", () => {}),
    ...overrides,
  };
}

export async function deliver(messages: Enqueued[], overrides: Partial<DeliverDeps> = {}): Promise<QueueOutcome[]> {
  const deps = await deliverDeps(overrides);
  const out: QueueOutcome[] = [];
  for (const m of messages) out.push(await deliverOccurrence(deps, m.body));
  return out;
}

export const row = (occurrence: string): Promise<SendRow | null> => getSend(env.ESCROW_DIGEST_DB, occurrence);

/** D1 that fails statements starting with `sql`, as an outage (or a crash) at that point would. */
export function failingOn(db: D1Database, sql: string): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") {
        return (query: string) => {
          if (query.trimStart().startsWith(sql)) throw new Error("D1_ERROR: injected outage");
          return target.prepare(query);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A provider that records calls and answers as told. */
export function recordingProvider(
  answer: (n: number) => Promise<{ id: string }>,
  idempotent = false,
): EmailProvider & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: "send_email",
    idempotent,
    calls,
    async send(email, key) {
      calls.push(`${email.to} ${key}`);
      return answer(calls.length);
    },
  };
}

export function operator(path: string, init: RequestInit = {}, auth: string | null = `Bearer ${OPERATOR_TOKEN}`) {
  const headers = new Headers(init.headers);
  if (auth !== null) headers.set("Authorization", auth);
  return SELF.fetch(`${WORKER}${path}`, { ...init, headers });
}
