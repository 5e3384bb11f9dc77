import { Hono } from "hono";
import type { AppEnv, Deps, UserRow } from "../app-env";
import { guard } from "../auth/guard";
import { notFound, noUpdates } from "../http/api-error";
import { readJsonObject } from "../http/body";
import { ok } from "../http/envelope";
import { readPage } from "../http/pagination";
import { validate } from "../http/validate";
import { randomHex } from "../ids";
import {
  createWebhookSchema,
  eventCategories,
  logEntry,
  ownedBy,
  updateWebhookSchema,
  type WebhookLogRow,
  type WebhookRow,
  webhookRecord,
} from "../resources/webhooks";
import { EVENT_CATALOG } from "../webhooks/catalog";

/** One of the caller's (or the caller's team's) subscriptions; anything else, malformed ids included, is a 404. */
function ownWebhook(deps: Deps, user: UserRow, id: string): WebhookRow {
  const scope = ownedBy(user);
  const row = deps.sql.one<WebhookRow>(`SELECT * FROM webhooks WHERE id = ? AND ${scope.sql}`, id, ...scope.params);
  if (!row) throw notFound("Webhook");
  return row;
}

/**
 * A deactivated subscription receives nothing more, so its queued retries are
 * dropped with it (their log rows stay). Reactivating does not revive them.
 */
function cancelPendingDeliveries(deps: Deps, webhookId: string): void {
  deps.sql.run(
    "UPDATE webhook_deliveries SET state = 'cancelled', next_attempt_at = NULL WHERE webhook_id = ? AND state = 'pending'",
    webhookId,
  );
}

/** `wh_` + 12 random lowercase hex, drawn again on the (unlikely) collision. */
function newWebhookId(deps: Deps): string {
  for (;;) {
    const id = `wh_${randomHex(6)}`;
    if (!deps.sql.one("SELECT id FROM webhooks WHERE id = ?", id)) return id;
  }
}

/** Webhooks (spec §2.10): JWT only, brokers and system admins; agents get 403 everywhere, the catalog included. */
export function webhookRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.use("*", guard({ auth: "jwt", roles: ["broker", "system_admin"] }));

  r.get("/", (c) => {
    const page = readPage(c.req.query());
    const scope = ownedBy(c.var.caller.user);
    const rows = c.env.sql.all<WebhookRow>(
      `SELECT * FROM webhooks WHERE active = 1 AND ${scope.sql} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`,
      ...scope.params,
      page.limit,
      page.offset,
    );
    return ok(c, rows.map(webhookRecord));
  });

  r.post("/", async (c) => {
    const input = validate(createWebhookSchema, await readJsonObject(c, c.env.config().maxBodyBytes));
    const user = c.var.caller.user;
    const now = c.env.clock.iso();
    const row: WebhookRow = {
      id: newWebhookId(c.env),
      owner_id: user.id,
      team_id: user.team_id,
      url: input.url,
      events: JSON.stringify(input.events),
      secret: input.secret,
      active: 1,
      last_triggered: null,
      created_at: now,
      updated_at: now,
    };
    const cols = Object.keys(row);
    c.env.sql.run(
      `INSERT INTO webhooks (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`,
      ...Object.values(row),
    );
    return ok(c, webhookRecord(row), 201);
  });

  // The catalog routes come before `/:id` so that "events" is never read as an id.
  r.get("/events", (c) => {
    const category = c.req.query("category")?.trim().toLowerCase();
    const data = EVENT_CATALOG.filter((e) => !category || e.category === category).map((e) => ({
      event: e.event,
      category: e.category,
      description: e.description,
      payload: [...e.payload],
    }));
    const categories = eventCategories().map((g) => g.category);
    return ok(c, data, 200, { meta: { total: data.length, categories } });
  });

  r.get("/events/categories", (c) => ok(c, eventCategories()));

  r.put("/:id", async (c) => {
    const patch = validate(updateWebhookSchema, await readJsonObject(c, c.env.config().maxBodyBytes));
    const sets = Object.entries({
      url: patch.url,
      events: patch.events === undefined ? undefined : JSON.stringify(patch.events),
      secret: patch.secret,
      active: patch.active === undefined ? undefined : patch.active ? 1 : 0,
    }).filter((e): e is [string, string | number] => e[1] !== undefined);
    if (sets.length === 0) throw noUpdates();
    const row = ownWebhook(c.env, c.var.caller.user, c.req.param("id"));
    const now = c.env.clock.iso();
    c.env.sql.run(
      `UPDATE webhooks SET ${sets.map(([k]) => `${k} = ?`).join(", ")}, updated_at = ? WHERE id = ?`,
      ...sets.map(([, v]) => v),
      now,
      row.id,
    );
    if (patch.active === false) cancelPendingDeliveries(c.env, row.id);
    return ok(c, webhookRecord({ ...row, ...Object.fromEntries(sets), updated_at: now }));
  });

  r.delete("/:id", (c) => {
    const row = ownWebhook(c.env, c.var.caller.user, c.req.param("id"));
    if (row.active === 0) return ok(c, webhookRecord(row));
    const now = c.env.clock.iso();
    c.env.sql.run("UPDATE webhooks SET active = 0, updated_at = ? WHERE id = ?", now, row.id);
    cancelPendingDeliveries(c.env, row.id);
    return ok(c, webhookRecord({ ...row, active: 0, updated_at: now }));
  });

  r.get("/:id/logs", (c) => {
    const page = readPage(c.req.query());
    const row = ownWebhook(c.env, c.var.caller.user, c.req.param("id"));
    const logs = c.env.sql.all<WebhookLogRow>(
      "SELECT * FROM webhook_logs WHERE webhook_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?",
      row.id,
      page.limit,
      page.offset,
    );
    return ok(c, logs.map(logEntry));
  });

  return r;
}
