import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv, Caller, Deps } from "../app-env";
import { guard } from "../auth/guard";
import { applyUpdate, type Condition, field, ResourceTable, visibleTo } from "../db/resource-table";
import { noUpdates, validationError } from "../http/api-error";
import { readJsonObject } from "../http/body";
import { ok } from "../http/envelope";
import { pageMeta, readPage } from "../http/pagination";
import { allChecked, validate } from "../http/validate";
import { withoutUndefined } from "../resources/leads";
import {
  buildListing,
  checkListing,
  LISTING_STATUSES,
  parseCreateListing,
  presentListing,
  type StoredListing,
  updateListingSchema,
} from "../resources/listings";
import { eventData } from "../webhooks/catalog";
import { enumFilter } from "./leads";

export const listingsTable = (deps: Deps) => new ResourceTable<StoredListing>(deps.sql, "listings");

const price = (name: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `${name} must be a number of at least 0`)
    .transform(Number)
    .optional();

const listQuery = z.object({ minPrice: price("minPrice"), maxPrice: price("maxPrice") });

const emit = (deps: Deps, caller: Caller, event: string, record: Record<string, unknown>) =>
  deps.events.emit(event, eventData(event, record), caller.user);

/** Listings (spec §2.9): key `listings:*` or JWT. Computed fields are added on every read. */
export function listingRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.use("*", guard({ auth: "key-or-jwt", resource: "listings" }));
  const year = (deps: Deps) => new Date(deps.clock.now()).getUTCFullYear();

  r.get("/", (c) => {
    const [q, page, status] = allChecked(
      () => validate(listQuery, c.req.query()),
      () => readPage(c.req.query()),
      () => enumFilter("status", c.req.query("status"), LISTING_STATUSES),
    );
    if (q.minPrice !== undefined && q.maxPrice !== undefined && q.minPrice > q.maxPrice) {
      throw validationError([{ field: "maxPrice", message: "maxPrice must be at least minPrice" }]);
    }
    const conds: Condition[] = [visibleTo(c.var.caller.user), ...status];
    if (q.minPrice !== undefined) conds.push({ sql: `${field("list_price")} >= ?`, params: [q.minPrice] });
    if (q.maxPrice !== undefined) conds.push({ sql: `${field("list_price")} <= ?`, params: [q.maxPrice] });
    const { items, total } = listingsTable(c.env).page(conds, "created_at DESC, rowid DESC", page);
    // Stats describe the filtered set, like `meta.total` (so byStatus sums to `total`); every status is listed.
    const counts = listingsTable(c.env).countBy(conds, "status");
    const byStatus = Object.fromEntries(LISTING_STATUSES.map((s) => [s, counts[s] ?? 0]));
    const now = c.env.clock.now();
    return ok(c, {
      listings: items.map((l) => presentListing(l, now)),
      meta: pageMeta(page, total),
      stats: { total, byStatus },
    });
  });

  r.post("/", async (c) => {
    const input = parseCreateListing(await readJsonObject(c, c.env.config().maxBodyBytes), year(c.env));
    const listing = buildListing(c.env.nextId(), input, c.env.clock.iso());
    listingsTable(c.env).insert(c.var.caller.user, listing);
    const shown = presentListing(listing, c.env.clock.now());
    emit(c.env, c.var.caller, "listing.created", { ...shown });
    return ok(c, shown, 201);
  });

  r.get("/:id", (c) =>
    ok(
      c,
      presentListing(listingsTable(c.env).getFor(c.var.caller, c.req.param("id"), "Listing").body, c.env.clock.now()),
    ),
  );

  r.put("/:id", async (c) => {
    const raw = await readJsonObject(c, c.env.config().maxBodyBytes);
    const { version, ...patch } = withoutUndefined(validate(updateListingSchema(year(c.env)), raw));
    if (Object.keys(patch).length === 0) throw noUpdates();
    const table = listingsTable(c.env);
    const current = table.getFor(c.var.caller, c.req.param("id"), "Listing").body;
    const next = checkListing(applyUpdate(current, patch as Partial<StoredListing>, version, c.env.clock.iso()));
    const shown = presentListing(table.save(next), c.env.clock.now());
    emit(c.env, c.var.caller, "listing.updated", { ...shown });
    if (shown.status !== current.status) {
      emit(c.env, c.var.caller, "listing.status_changed", { ...shown, previous_status: current.status });
    }
    return ok(c, shown);
  });

  r.delete("/:id", (c) => {
    const table = listingsTable(c.env);
    const listing = table.getFor(c.var.caller, c.req.param("id"), "Listing").body;
    table.delete(listing.id);
    emit(c.env, c.var.caller, "listing.deleted", { ...listing });
    return ok(c, { id: listing.id });
  });

  return r;
}
