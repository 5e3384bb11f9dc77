import { AppError } from "@actuallycare/shared/app-error";
import * as z from "@actuallycare/shared/zod";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { tokenAuth } from "../auth/token-auth";
import { EVENTS, eventSpec } from "../event-log/catalog";
import { filterProblems, hookFilterSchema } from "../hooks/hook-filter";
import { createHook, deleteHook, listHooks } from "../hooks/hook-store";
import { readJsonObject } from "./json-body";
import { parseInput } from "./validate";

export const hookInputSchema = z.object({
  event: z.enum(EVENTS.map((e) => e.event) as [string, ...string[]]),
  target_url: z.url().check(z.maxLength(2000)),
  filter: z.optional(hookFilterSchema),
});

/** `https://`; `http://` only to this machine, and only against a local sandbox (development). */
export function targetProblem(url: string, development: boolean): string | null {
  const u = new URL(url);
  if (u.protocol === "https:") return null;
  const local = u.hostname === "localhost" || u.hostname === "127.0.0.1" || u.hostname === "[::1]";
  if (u.protocol === "http:" && local && development) return null;
  return development ? "Must be https:// (or http://localhost in development)" : "Must be https://";
}

/**
 * REST hooks (Zapier's subscribe and unsubscribe): a token sees and ends only the hooks it made. New log entries
 * reach each hook of their event through the delivery queue.
 */
export function hookRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.use("/hooks", tokenAuth("read"));
  r.use("/hooks/*", tokenAuth("read"));
  r.post("/hooks", async (c) => {
    const input = parseInput(hookInputSchema, await readJsonObject(c.req.raw));
    const spec = eventSpec(input.event);
    if (!spec) throw new AppError(404, "UNKNOWN_EVENT", "No trigger for this event");
    const problems = input.filter ? filterProblems(spec, input.filter) : [];
    const target = targetProblem(input.target_url, c.var.config.development);
    if (target) problems.push({ field: "target_url", message: target });
    if (problems.length > 0) throw new AppError(400, "VALIDATION_ERROR", "Invalid request data", problems);
    const hook = await createHook(c.env.BRIDGE_DB, c.var.token.label, input, c.var.now());
    return c.json(hook, 201);
  });
  r.get("/hooks", async (c) => c.json(await listHooks(c.env.BRIDGE_DB, c.var.token.label)));
  r.delete("/hooks/:id", async (c) => {
    const id = c.req.param("id");
    await deleteHook(c.env.BRIDGE_DB, c.var.token.label, id, c.var.now());
    return c.json({ id, deleted: true });
  });
  return r;
}
