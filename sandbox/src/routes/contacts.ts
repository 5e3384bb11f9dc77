import { type Context, Hono } from "hono";
import * as z from "zod";
import type { AppEnv, Deps } from "../app-env";
import { guard } from "../auth/guard";
import { type Condition, field, ResourceTable, visibleTo } from "../db/resource-table";
import { noUpdates } from "../http/api-error";
import { readJsonObject } from "../http/body";
import { ok } from "../http/envelope";
import { pageMeta, readPage } from "../http/pagination";
import { allChecked, queryBool, validate } from "../http/validate";
import { oneOf } from "../resources/clients";
import {
  buildContact,
  CONTACT_TYPES,
  type Contact,
  createContactSchema,
  fullName,
  SEARCH_FIELDS,
  SEARCH_ROLES,
  updateContactSchema,
} from "../resources/contacts";
import { withoutUndefined } from "../resources/leads";
import { eventData } from "../webhooks/catalog";

const contactsTable = (deps: Deps) => new ResourceTable<Contact>(deps.sql, "contacts");

const ROLE_NAMES = [...SEARCH_ROLES.keys()] as [string, ...string[]];

const listQuery = z.object({
  search: z.string().optional(),
  type: oneOf("type", CONTACT_TYPES).optional(),
  archived: queryBool.optional(),
});

const searchQuery = z.object({
  role: oneOf("role", ROLE_NAMES).optional(),
  name: z.string().optional(),
  email: z.string().optional(),
});

/** Case-insensitive substring match on any of the fields. */
function containsAny(fields: string[], needle: string | undefined): Condition[] {
  const n = needle?.trim().toLowerCase();
  if (!n) return [];
  return [
    {
      sql: `(${fields.map((f) => `instr(lower(coalesce(${field(f)}, '')), ?) > 0`).join(" OR ")})`,
      params: fields.map(() => n),
    },
  ];
}

const archivedIs = (archived: boolean): Condition => ({
  sql: `${field("is_archived")} = ?`,
  params: [archived ? 1 : 0],
});

function emit(c: Context<AppEnv>, event: string, contact: Contact): void {
  c.env.events.emit(event, eventData(event, { ...contact }), c.var.caller.user);
}

/** Contacts (spec §2.6): JWT only, the caller's whole address book. `/search` is registered before `/:id`. */
export function contactRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.use("*", guard({ auth: "jwt" }));

  r.get("/", (c) => {
    const [page, q] = allChecked(
      () => readPage(c.req.query()),
      () => validate(listQuery, c.req.query()),
    );
    const filters = [
      visibleTo(c.var.caller.user),
      archivedIs(q.archived ?? false),
      ...containsAny(["full_name", "first_name", "last_name", "email"], q.search),
      ...(q.type ? [{ sql: `${field("contact_type")} = ?`, params: [q.type] }] : []),
    ];
    const table = contactsTable(c.env);
    const order = `lower(${field("last_name")}), lower(${field("first_name")}), created_at, id`;
    const { items, total } = table.page(filters, order, page);
    return ok(c, {
      contacts: items,
      meta: pageMeta(page, total),
      stats: { total, byStatus: table.countBy(filters, "contact_status") },
    });
  });

  r.post("/", async (c) => {
    const input = validate(createContactSchema, await readJsonObject(c, c.env.config().maxBodyBytes));
    const contact = buildContact(c.env.nextId(), input, c.env.clock.iso());
    contactsTable(c.env).insert(c.var.caller.user, contact);
    emit(c, "contact.created", contact);
    return ok(c, contact, 201);
  });

  r.get("/search", (c) => {
    const q = validate(searchQuery, c.req.query());
    const { limit } = readPage({ limit: c.req.query("limit") }, 50, 100);
    const types = q.role ? (SEARCH_ROLES.get(q.role) ?? []) : [];
    const filters = [
      visibleTo(c.var.caller.user),
      archivedIs(false),
      ...containsAny(["full_name"], q.name),
      ...containsAny(["email"], q.email),
      ...(types.length > 0
        ? [{ sql: `${field("contact_type")} IN (${types.map(() => "?").join(", ")})`, params: [...types] }]
        : []),
    ];
    const { items } = contactsTable(c.env).page(filters, `lower(${field("full_name")}), id`, {
      page: 1,
      limit,
      offset: 0,
    });
    const rows = items.map((item) => Object.fromEntries(SEARCH_FIELDS.map((f) => [f, item[f]])));
    return ok(c, rows, 200, { count: rows.length });
  });

  r.get("/:id", (c) => ok(c, contactsTable(c.env).getFor(c.var.caller, c.req.param("id"), "Contact").body));

  r.put("/:id", async (c) => {
    const patch = withoutUndefined(validate(updateContactSchema, await readJsonObject(c, c.env.config().maxBodyBytes)));
    if (Object.keys(patch).length === 0) throw noUpdates();
    const table = contactsTable(c.env);
    const current = table.getFor(c.var.caller, c.req.param("id"), "Contact").body;
    const next = { ...current, ...patch } as Contact;
    const updated = table.save({
      ...next,
      full_name: fullName(next.first_name, next.last_name),
      updated_at: c.env.clock.iso(),
    });
    emit(c, "contact.updated", updated);
    return ok(c, updated);
  });

  r.delete("/:id", (c) => {
    const table = contactsTable(c.env);
    const contact = table.getFor(c.var.caller, c.req.param("id"), "Contact").body;
    table.delete(contact.id);
    emit(c, "contact.deleted", contact);
    return ok(c, { id: contact.id });
  });

  // Idempotent: a repeat changes nothing (archived_at keeps the first time) and emits no second event.
  const setArchived = (archived: boolean, event: string) => (c: Context<AppEnv>) => {
    const table = contactsTable(c.env);
    const current = table.getFor(c.var.caller, c.req.param("id") ?? "", "Contact").body;
    if (current.is_archived === archived) return ok(c, current);
    const now = c.env.clock.iso();
    const updated = table.save({
      ...current,
      is_archived: archived,
      archived_at: archived ? now : null,
      updated_at: now,
    });
    emit(c, event, updated);
    return ok(c, updated);
  };
  r.patch("/:id/archive", setArchived(true, "contact.archived"));
  r.patch("/:id/restore", setArchived(false, "contact.restored"));

  return r;
}
