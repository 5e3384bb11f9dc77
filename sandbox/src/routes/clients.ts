import { Hono } from "hono";
import type { AppEnv, Caller, Deps, UserRow } from "../app-env";
import { guard } from "../auth/guard";
import { applyUpdate, field, ResourceTable, visibleTo } from "../db/resource-table";
import { ApiError, noUpdates, validationError } from "../http/api-error";
import { readJsonObject } from "../http/body";
import { ok } from "../http/envelope";
import { pageMeta, readPage } from "../http/pagination";
import { allChecked, validate } from "../http/validate";
import {
  budgetProblems,
  buildClient,
  CLIENT_STATUSES,
  CLIENT_TYPES,
  type Client,
  createClientSchema,
  updateClientSchema,
} from "../resources/clients";
import { withoutUndefined } from "../resources/leads";
import { eventData } from "../webhooks/catalog";
import { enumFilter } from "./leads";

export const clientsTable = (deps: Deps) => new ResourceTable<Client>(deps.sql, "clients");

export const emitClient = (deps: Deps, event: string, client: Client, caller: Caller) =>
  deps.events.emit(event, eventData(event, { ...client }), caller.user);

/**
 * 409 DUPLICATE_EMAIL when the address is already on one of the owner's
 * clients or contacts, archived contacts included (spec §2.5), case-insensitively.
 */
function assertEmailFree(deps: Deps, owner: UserRow, address: string | null | undefined): void {
  if (!address) return;
  const taken = (["clients", "contacts"] as const).some((t) =>
    deps.sql.one(
      `SELECT id FROM ${t} WHERE owner_id = ? AND lower(${field("email")}) = ? LIMIT 1`,
      owner.id,
      address.toLowerCase(),
    ),
  );
  if (taken) {
    throw new ApiError(409, "DUPLICATE_EMAIL", "A client or contact with this email already exists", [
      { field: "email", message: "Already used by one of your clients or contacts" },
    ]);
  }
}

/** Clients (spec §2.5): key `clients:*` or JWT. */
export function clientRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.use("*", guard({ auth: "key-or-jwt", resource: "clients" }));

  r.get("/", (c) => {
    const [page, type, status] = allChecked(
      () => readPage(c.req.query()),
      () => enumFilter("client_type", c.req.query("client_type"), CLIENT_TYPES),
      () => enumFilter("status", c.req.query("status"), CLIENT_STATUSES),
    );
    const filters = [visibleTo(c.var.caller.user), ...type, ...status];
    const { items, total } = clientsTable(c.env).page(filters, "created_at DESC, rowid DESC", page);
    return ok(c, { clients: items, meta: pageMeta(page, total) });
  });

  r.post("/", async (c) => {
    const input = validate(createClientSchema, await readJsonObject(c, c.env.config().maxBodyBytes));
    const client = buildClient(c.env.nextId(), input, c.env.clock.iso());
    const problems = budgetProblems(client);
    if (problems.length > 0) throw validationError(problems);
    assertEmailFree(c.env, c.var.caller.user, client.email);
    clientsTable(c.env).insert(c.var.caller.user, client);
    emitClient(c.env, "client.created", client, c.var.caller);
    return ok(c, client, 201);
  });

  r.get("/:id", (c) => ok(c, clientsTable(c.env).getFor(c.var.caller, c.req.param("id"), "Client").body));

  r.put("/:id", async (c) => {
    const raw = await readJsonObject(c, c.env.config().maxBodyBytes);
    const { version, ...patch } = withoutUndefined(validate(updateClientSchema, raw));
    if (Object.keys(patch).length === 0) throw noUpdates();
    const table = clientsTable(c.env);
    const current = table.getFor(c.var.caller, c.req.param("id"), "Client").body;
    const problems = budgetProblems({ ...current, ...patch });
    if (problems.length > 0) throw validationError(problems);
    const updated = table.save(applyUpdate(current, patch as Partial<Client>, version, c.env.clock.iso()));
    emitClient(c.env, "client.updated", updated, c.var.caller);
    return ok(c, updated);
  });

  r.delete("/:id", (c) => {
    const table = clientsTable(c.env);
    const client = table.getFor(c.var.caller, c.req.param("id"), "Client").body;
    table.delete(client.id);
    emitClient(c.env, "client.deleted", client, c.var.caller);
    return ok(c, { id: client.id });
  });

  return r;
}
