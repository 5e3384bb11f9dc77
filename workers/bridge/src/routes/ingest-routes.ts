import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { fanOut, type HookMessage } from "../hooks/fan-out";
import { ingestWebhook } from "../ingest/ingest-webhook";
import { verifyWebhook } from "../ingest/verify-webhook";

/** `POST /ingest`: the bridge's own ActuallyCare webhook subscription (see `npm run bridge:register`). */
export function ingestRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.post("/ingest", async (c) => {
    const now = c.var.now();
    const hook = await verifyWebhook(c.req.raw, c.var.config.webhookSecrets, now);
    // Durable in D1 before the 2xx: an acknowledged event is never lost.
    const outcome = await ingestWebhook(c.env.BRIDGE_DB, hook, now);
    if (outcome.status === "logged") await fanOutLater(c.env, outcome.cursor, now);
    return c.json(outcome, 200);
  });
  return r;
}

/** Queues the entry for its REST hooks; a failure is logged and left to the scheduled sweep (the entry is durable). */
export async function fanOutLater(env: Env, cursor: number, nowMs: number): Promise<void> {
  try {
    await fanOut(env.BRIDGE_DB, env.HOOK_DELIVERIES as Queue<HookMessage>, cursor, nowMs);
  } catch (err) {
    console.warn(
      `bridge: fan-out of entry ${cursor} failed (${err instanceof Error ? err.name : "error"}); the sweep retries it`,
    );
  }
}
