import { type Context, Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../app-env";
import { notFound } from "../http/api-error";
import { readJsonObject } from "../http/body";
import { ok } from "../http/envelope";
import { validate } from "../http/validate";
import { addFault, faultSchema, listFaults } from "./faults";

/** What the Durable Object lends the control routes. */
export interface SandboxControls {
  /** Drops all data and reloads the fixtures; clears clock, config overrides and faults. */
  reset(): Promise<void>;
  /** Sends every pending webhook delivery now, retries included; resolves when done. */
  flush(): Promise<number>;
  setClock(change: { now?: string; advanceMs?: number; frozen?: boolean }): void;
  setConfigOverride(override: unknown): void;
}

const clockSchema = z
  .object({
    now: z
      .string()
      .refine((s) => !Number.isNaN(Date.parse(s)), "Expected an ISO-8601 date-time")
      .optional(),
    advanceMs: z.number().int().optional(),
    frozen: z.boolean().optional(),
  })
  .refine((b) => b.now !== undefined || b.advanceMs !== undefined || b.frozen !== undefined, "Nothing to change");

/**
 * Sandbox-only routes (spec §4.11), outside /v1, never called by production
 * code: reset, clock, config, faults, webhook flush/test and captured deliveries.
 */
export function controlRoutes(controls: SandboxControls): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const body = (c: Context<AppEnv>) => readJsonObject(c, c.env.config().maxBodyBytes);

  r.post("/reset", async (c) => {
    await controls.reset();
    return ok(c, { reset: true, now: c.env.clock.iso() });
  });
  r.get("/clock", (c) => ok(c, { now: c.env.clock.iso() }));
  r.post("/clock", async (c) => {
    controls.setClock(validate(clockSchema, await body(c)));
    return ok(c, { now: c.env.clock.iso() });
  });
  r.get("/config", (c) => ok(c, c.env.config()));
  r.post("/config", async (c) => {
    controls.setConfigOverride(await body(c));
    return ok(c, c.env.config());
  });
  r.get("/faults", (c) => ok(c, listFaults(c.env.sql)));
  r.post("/faults", async (c) => {
    const fault = validate(faultSchema, await body(c));
    // Its own counter: taking a resource id would shift every later record id (spec §4.10).
    const id = `fault_${c.env.settings.increment("fault_counter")}`;
    addFault(c.env.sql, id, fault, c.env.clock.now());
    return ok(c, { id, ...fault }, 201);
  });
  r.delete("/faults", (c) => {
    c.env.sql.run("DELETE FROM faults");
    return ok(c, { cleared: true });
  });
  r.post("/webhooks/flush", async (c) => ok(c, { sent: await controls.flush() }));
  r.post("/webhooks/:id/test", async (c) => {
    const hook = c.env.sql.one<{ id: string; team_id: string | null }>(
      "SELECT id, team_id FROM webhooks WHERE id = ?",
      c.req.param("id"),
    );
    if (!hook) throw notFound("Webhook");
    const timestamp = c.env.clock.iso();
    const payload = JSON.stringify({
      event: "webhook.test",
      timestamp,
      data: { test: true, message: "This is a test webhook from the ActuallyCare sandbox" },
      ...(hook.team_id ? { team_id: hook.team_id } : {}),
    });
    const deliveryId = c.env.events.enqueue(hook.id, "webhook.test", payload);
    return ok(c, { deliveryId, event: "webhook.test" }, 202);
  });
  // Stand-ins for the payment provider's hosted pages that /v1/billing links to: nothing is charged or stored.
  r.get("/checkout/:sessionId", (c) =>
    ok(c, {
      standIn: "hosted checkout",
      sessionId: c.req.param("sessionId"),
      plan: c.req.query("plan") ?? null,
      interval: c.req.query("interval") ?? null,
      email: c.req.query("email") ?? null,
    }),
  );
  r.get("/billing-portal/:sessionId", (c) =>
    ok(c, {
      standIn: "billing portal",
      sessionId: c.req.param("sessionId"),
      returnUrl: c.req.query("return_url") ?? null,
    }),
  );
  /** Every attempted outgoing delivery, with the exact headers and raw body sent. */
  r.get("/deliveries", (c) => {
    const webhookId = c.req.query("webhook_id");
    const rows = c.env.sql.all<Record<string, unknown>>(
      `SELECT * FROM webhook_logs ${webhookId ? "WHERE webhook_id = ?" : ""} ORDER BY seq`,
      ...(webhookId ? [webhookId] : []),
    );
    const deliveries = rows.map((r) => ({
      id: r.id,
      webhook_id: r.webhook_id,
      delivery_id: r.delivery_id,
      event: r.event,
      url: r.url,
      attempt: r.attempt,
      headers: JSON.parse(String(r.request_headers)),
      body: r.payload,
      response_status: r.response_status,
      response_body: r.response_body,
      success: r.success === 1,
      created_at: r.created_at,
    }));
    const pending =
      c.env.sql.one<{ n: number }>("SELECT count(*) AS n FROM webhook_deliveries WHERE state IN ('pending', 'sending')")
        ?.n ?? 0;
    return ok(c, deliveries, 200, { pending });
  });
  return r;
}
