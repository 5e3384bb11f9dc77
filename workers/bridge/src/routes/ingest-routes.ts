import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { fanOutLater } from "../hooks/fan-out-later";
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
