import { type Context, Hono } from "hono";
import * as z from "zod";
import type { AppEnv, Caller, Deps } from "../app-env";
import { guard } from "../auth/guard";
import { applyUpdate, type Condition, field, ResourceTable, visibleTo } from "../db/resource-table";
import { ApiError, notFound, noUpdates, validationError } from "../http/api-error";
import { readJsonObject } from "../http/body";
import { ok } from "../http/envelope";
import { pageMeta, readPage } from "../http/pagination";
import { allChecked, isoDate, queryBool, validate } from "../http/validate";
import { parseCreateEscrow, updateEscrowSchema } from "../resources/escrow-input";
import { ESCROW_STATUSES, type Escrow } from "../resources/escrow-record";
import { escrowTimeline } from "../resources/escrow-timeline";
import { buildEscrow, DISPLAY_ID, displayId, finishEscrow } from "../resources/escrows";
import { withoutUndefined } from "../resources/leads";
import { eventData } from "../webhooks/catalog";

export const escrowsTable = (deps: Deps) => new ResourceTable<Escrow>(deps.sql, "escrows");

/** Takes the next display number of the year, e.g. `ESC-2026-0046` (spec §1.8). */
export function nextDisplayId(deps: Deps, year: number): string {
  deps.sql.run(
    "INSERT INTO escrow_sequences (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = last + 1",
    year,
  );
  const row = deps.sql.one<{ last: number }>("SELECT last FROM escrow_sequences WHERE year = ?", year);
  return displayId(year, row?.last ?? 1);
}

const price = (name: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `${name} must be a number of at least 0`)
    .transform(Number)
    .optional();

const listQuery = z.object({
  status: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(["all", ...ESCROW_STATUSES], { message: `Must be one of: all, ${ESCROW_STATUSES.join(", ")}` }))
    .optional(),
  search: z.string().optional(),
  minPrice: price("minPrice"),
  maxPrice: price("maxPrice"),
  closingDateStart: isoDate.optional(),
  closingDateEnd: isoDate.optional(),
  archived: queryBool.optional(),
  sort: z.string().optional(),
  order: z.string().optional(),
});

/** A Map, not an object: `?sort=constructor` must find nothing, not an inherited member (spec: else `created_at`). */
const SORTS = new Map<string, string>([
  ["created_at", "created_at"],
  ["closing_date", field("closing_date")],
  ["property_address", `lower(${field("property_address")})`],
  ["purchase_price", field("purchase_price")],
]);

/** The list's WHERE conditions (spec §2.7); every filter is inclusive and case-insensitive. */
function listConditions(caller: Caller, q: z.infer<typeof listQuery>): Condition[] {
  const conds: Condition[] = [
    visibleTo(caller.user),
    { sql: `${field("is_archived")} = ?`, params: [q.archived ? 1 : 0] },
  ];
  if (q.status && q.status !== "all") conds.push({ sql: `${field("escrow_status")} = ?`, params: [q.status] });
  const search = q.search?.trim().toLowerCase();
  if (search) {
    conds.push({
      sql: `(instr(lower(${field("property_address")}), ?) > 0 OR instr(lower(${field("display_id")}), ?) > 0)`,
      params: [search, search],
    });
  }
  if (q.minPrice !== undefined) conds.push({ sql: `${field("purchase_price")} >= ?`, params: [q.minPrice] });
  if (q.maxPrice !== undefined) conds.push({ sql: `${field("purchase_price")} <= ?`, params: [q.maxPrice] });
  if (q.closingDateStart) conds.push({ sql: `${field("closing_date")} >= ?`, params: [q.closingDateStart] });
  if (q.closingDateEnd) conds.push({ sql: `${field("closing_date")} <= ?`, params: [q.closingDateEnd] });
  return conds;
}

/**
 * The escrow named by `{id}`: a UUID or a display id (case-insensitive).
 * Archived escrows are hidden unless `includeArchived` (spec §2.7: GET → 404).
 */
function findEscrow(c: { env: Deps; var: { caller: Caller } }, id: string, includeArchived = false): Escrow {
  const where: Condition = DISPLAY_ID.test(id)
    ? { sql: `${field("display_id")} = ?`, params: [id.toUpperCase()] }
    : { sql: "id = ?", params: [id] };
  const escrow = escrowsTable(c.env).getFor(c.var.caller, id, "Escrow", where).body;
  if (escrow.is_archived && !includeArchived) throw notFound("Escrow");
  return escrow;
}

const emit = (deps: Deps, caller: Caller, event: string, record: Record<string, unknown>) =>
  deps.events.emit(event, eventData(event, record), caller.user);

/** Escrows (spec §2.7): key `escrows:*` or JWT. */
export function escrowRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.use("*", guard({ auth: "key-or-jwt", resource: "escrows" }));

  r.get("/", (c) => {
    const [q, page] = allChecked(
      () => validate(listQuery, c.req.query()),
      () => readPage(c.req.query(), 20),
    );
    if (q.minPrice !== undefined && q.maxPrice !== undefined && q.minPrice > q.maxPrice) {
      throw validationError([{ field: "maxPrice", message: "maxPrice must be at least minPrice" }]);
    }
    const conds = listConditions(c.var.caller, q);
    const dir = q.order?.toLowerCase() === "asc" ? "ASC" : "DESC";
    const sortExpr = SORTS.get(q.sort ?? "") ?? "created_at";
    // Nulls last in either direction; ties broken by insertion order.
    const orderBy = `(${sortExpr}) IS NULL, ${sortExpr} ${dir}, rowid ${dir}`;
    const { items, total } = escrowsTable(c.env).page(conds, orderBy, page);
    const sums = c.env.sql.one<{ volume: number | null; commission: number | null }>(
      `SELECT sum(${field("purchase_price")}) AS volume, sum(${field("gross_commission")}) AS commission FROM escrows WHERE ${conds.map((x) => x.sql).join(" AND ")}`,
      ...conds.flatMap((x) => x.params),
    );
    const round2 = (n: number | null | undefined) => Math.round((n ?? 0) * 100) / 100;
    return ok(c, {
      escrows: items,
      meta: pageMeta(page, total),
      stats: { total, totalVolume: round2(sums?.volume), totalCommission: round2(sums?.commission) },
    });
  });

  r.post("/", async (c) => {
    const input = parseCreateEscrow(await readJsonObject(c, c.env.config().maxBodyBytes));
    const now = c.env.clock.now();
    const id = c.env.nextId();
    const user = c.var.caller.user;
    const escrow = c.env.sql.transaction(() => {
      const built = buildEscrow(
        id,
        nextDisplayId(c.env, new Date(now).getUTCFullYear()),
        input,
        user.id,
        new Date(now).toISOString(),
      );
      return escrowsTable(c.env).insert(user, built);
    });
    emit(c.env, c.var.caller, "escrow.created", escrow);
    return ok(c, escrow, 201);
  });

  r.get("/:id", (c) => ok(c, findEscrow(c, c.req.param("id"))));

  r.put("/:id", async (c) => {
    const raw = await readJsonObject(c, c.env.config().maxBodyBytes);
    const { version, ...patch } = withoutUndefined(validate(updateEscrowSchema, raw));
    if (Object.keys(patch).length === 0) throw noUpdates();
    const current = findEscrow(c, c.req.param("id"));
    const next = applyUpdate(current, patch as Partial<Escrow>, version, c.env.clock.iso());
    const updated = escrowsTable(c.env).save(finishEscrow({ ...next, last_modified_by: c.var.caller.user.id }));
    emit(c.env, c.var.caller, "escrow.updated", updated);
    if (updated.escrow_status !== current.escrow_status) {
      emit(c.env, c.var.caller, "escrow.status_changed", { ...updated, previous_status: current.escrow_status });
    }
    return ok(c, updated);
  });

  r.delete("/:id", (c) => {
    const escrow = findEscrow(c, c.req.param("id"), true);
    if (!escrow.is_archived)
      throw new ApiError(400, "NOT_ARCHIVED", "Only archived escrows can be deleted; archive it first");
    escrowsTable(c.env).delete(escrow.id);
    emit(c.env, c.var.caller, "escrow.deleted", escrow);
    return ok(c, { id: escrow.id, display_id: escrow.display_id });
  });

  const setArchived = (archived: boolean) => (c: Context<AppEnv>) => {
    const current = findEscrow(c, c.req.param("id") ?? "", true);
    // Archiving an archived escrow, or restoring a live one, finds nothing to act on (older backend).
    if (current.is_archived === archived) throw notFound("Escrow");
    const nowIso = c.env.clock.iso();
    const next = applyUpdate(
      current,
      { is_archived: archived, archived_at: archived ? nowIso : null },
      undefined,
      nowIso,
    );
    const saved = escrowsTable(c.env).save({ ...next, last_modified_by: c.var.caller.user.id });
    emit(c.env, c.var.caller, archived ? "escrow.archived" : "escrow.restored", saved);
    return ok(c, saved);
  };
  r.patch("/:id/archive", setArchived(true));
  r.patch("/:id/restore", setArchived(false));

  r.get("/:id/timeline", (c) => ok(c, escrowTimeline(findEscrow(c, c.req.param("id"), true), c.env.clock.now())));
  return r;
}
