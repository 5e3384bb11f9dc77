import { AppError } from "@actuallycare/shared/app-error";
import * as z from "@actuallycare/shared/zod";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { tokenAuth } from "../auth/token-auth";
import { type EventSpec, eventSpec } from "../event-log/catalog";
import { readEvents } from "../event-log/read";
import { itemsJson } from "../triggers/items";
import { samplesOf } from "../triggers/samples";
import { parseInput } from "./validate";

export const triggerQuerySchema = z.object({
  limit: z._default(
    z.coerce.number().check(z.minimum(1), z.maximum(100), z.refine(Number.isInteger, "Expected a whole number")),
    50,
  ),
  cursor: z.optional(z.string().check(z.regex(/^\d{1,15}$/, "Expected a cursor from an earlier read"))),
});

/** The event a route names, or 404 UNKNOWN_EVENT. */
export function triggerEvent(name: string | undefined): EventSpec {
  const spec = eventSpec(name ?? "");
  if (!spec) throw new AppError(404, "UNKNOWN_EVENT", "No trigger for this event", { event: name ?? null });
  return spec;
}

/**
 * Polling triggers and samples, both from the bridge's own log: no API call per poll. A bare JSON array, newest
 * first (Zapier's polling contract). `X-Next-Cursor` is the cursor to send next; with a cursor, `X-Has-More: true`
 * says to read again at once.
 */
export function triggerRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.get("/triggers/:event", tokenAuth("read"), async (c) => {
    const spec = triggerEvent(c.req.param("event"));
    const q = parseInput(triggerQuerySchema, c.req.query(), "query");
    const page = await readEvents(c.env.BRIDGE_DB, spec, {
      limit: q.limit,
      ...(q.cursor === undefined ? {} : { cursor: Number(q.cursor) }),
    });
    c.header("X-Next-Cursor", String(page.nextCursor));
    if (q.cursor !== undefined) c.header("X-Has-More", String(page.hasMore));
    c.header("Cache-Control", "no-store");
    return c.body(itemsJson(spec, page.rows), 200, { "Content-Type": "application/json" });
  });
  r.get("/samples/:event", tokenAuth("read"), async (c) => {
    const spec = triggerEvent(c.req.param("event"));
    c.header("Cache-Control", "no-store");
    return c.json(await samplesOf(c.env.BRIDGE_DB, spec));
  });
  return r;
}
