import { Hono } from "hono";
import type { AppEnv, Caller, Deps } from "../app-env";
import { guard } from "../auth/guard";
import { applyUpdate, type Condition, field, ResourceTable, visibleTo } from "../db/resource-table";
import { ApiError, noUpdates, validationError } from "../http/api-error";
import { readJsonObject } from "../http/body";
import { ok } from "../http/envelope";
import { pageMeta, readPage } from "../http/pagination";
import { allChecked, validate } from "../http/validate";
import {
  buildLead,
  createLeadSchema,
  INTEREST_LEVELS,
  LEAD_STATUSES,
  type Lead,
  leadScore,
  splitName,
  updateLeadSchema,
  withoutUndefined,
} from "../resources/leads";
import { eventData } from "../webhooks/catalog";
import { convertLead } from "./lead-convert";

const FROZEN_WHEN_CONVERTED = ["status", "source", "timeline"] as const;

export const leadsTable = (deps: Deps) => new ResourceTable<Lead>(deps.sql, "leads");

/** A list filter on an enum field, matched case-insensitively (spec §4.6); a bad value is a 400. */
export function enumFilter(name: string, value: string | undefined, allowed: readonly string[]): Condition[] {
  if (value === undefined || value === "") return [];
  const v = value.toLowerCase();
  if (!allowed.includes(v)) throw validationError([{ field: name, message: `Must be one of: ${allowed.join(", ")}` }]);
  return [{ sql: `lower(${field(name)}) = ?`, params: [v] }];
}

function assertKnownAgent(deps: Deps, agentId: string | undefined): void {
  if (agentId && !deps.sql.one("SELECT id FROM users WHERE id = ?", agentId)) {
    throw validationError([{ field: "assigned_agent_id", message: "No such user" }]);
  }
}

const emitLead = (deps: Deps, event: string, lead: Lead, caller: Caller) =>
  deps.events.emit(event, eventData(event, { ...lead }), caller.user);

/** Leads (spec §2.8): key `leads:*` or JWT. */
export function leadRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.use("*", guard({ auth: "key-or-jwt", resource: "leads" }));

  r.get("/", (c) => {
    const [page, status, interest] = allChecked(
      () => readPage(c.req.query()),
      () => enumFilter("status", c.req.query("status"), LEAD_STATUSES),
      () => enumFilter("interest_level", c.req.query("interest_level"), INTEREST_LEVELS),
    );
    const scope = visibleTo(c.var.caller.user);
    const filters = [scope, ...status, ...interest];
    const table = leadsTable(c.env);
    const { items, total } = table.page(filters, "created_at DESC, rowid DESC", page);
    return ok(c, {
      leads: items,
      meta: pageMeta(page, total),
      stats: { total, byStatus: table.countBy(filters, "status") },
      cursors: { next: null },
    });
  });

  r.post("/", async (c) => {
    const input = validate(createLeadSchema, await readJsonObject(c, c.env.config().maxBodyBytes));
    assertKnownAgent(c.env, input.assigned_agent_id);
    const lead = buildLead(c.env.nextId(), input, c.var.caller.user.id, c.env.clock.iso());
    leadsTable(c.env).insert(c.var.caller.user, lead);
    emitLead(c.env, "lead.created", lead, c.var.caller);
    return ok(c, lead, 201);
  });

  r.get("/:id", (c) => ok(c, leadsTable(c.env).getFor(c.var.caller, c.req.param("id"), "Lead").body));

  r.put("/:id", async (c) => {
    const raw = await readJsonObject(c, c.env.config().maxBodyBytes);
    const { version, ...patch } = withoutUndefined(validate(updateLeadSchema, raw));
    if (Object.keys(patch).length === 0) throw noUpdates();
    const table = leadsTable(c.env);
    const current = table.getFor(c.var.caller, c.req.param("id"), "Lead").body;
    if (patch.status === "converted" && current.status !== "converted") {
      throw new ApiError(400, "INVALID_TRANSITION", "A lead becomes converted only through /leads/{id}/convert");
    }
    if (current.status === "converted") {
      const frozen = FROZEN_WHEN_CONVERTED.filter((f) => f in patch && patch[f] !== current[f]);
      if (frozen.length > 0) {
        throw new ApiError(400, "INVALID_TRANSITION", `A converted lead's ${frozen.join(", ")} cannot change`);
      }
    }
    assertKnownAgent(c.env, patch.assigned_agent_id);
    const next = applyUpdate(current, patch as Partial<Lead>, version, c.env.clock.iso());
    const updated = table.save({
      ...next,
      ...(patch.name ? splitName(patch.name) : {}),
      lead_score: leadScore(next),
    });
    emitLead(c.env, "lead.updated", updated, c.var.caller);
    return ok(c, updated);
  });

  r.delete("/:id", (c) => {
    const table = leadsTable(c.env);
    const lead = table.getFor(c.var.caller, c.req.param("id"), "Lead").body;
    table.delete(lead.id);
    emitLead(c.env, "lead.deleted", lead, c.var.caller);
    return ok(c, { id: lead.id });
  });

  r.post("/:id/convert", (c) => convertLead(c));
  return r;
}
