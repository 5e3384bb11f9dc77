import { AppError } from "@actuallycare/shared/app-error";
import * as z from "@actuallycare/shared/zod";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { tokenAuth } from "../auth/token-auth";
import { acceptCatch, type CatchMessage, checkCatchSecret } from "../catch/accept-catch";
import { readPayload } from "../catch/read-payload";
import { parseInput } from "./validate";

export const runsQuerySchema = z.object({
  recipe: z.optional(z.string().check(z.maxLength(63))),
  limit: z._default(
    z.coerce.number().check(z.minimum(1), z.maximum(200), z.refine(Number.isInteger, "Expected a whole number")),
    50,
  ),
});

/**
 * Catch hooks (`POST /catch/{recipe}[/{secret}]`, `?dry_run=1`) for tools that can only send a webhook, and their
 * run log (`GET /catch/runs`, a bridge token).
 */
export function catchRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.get("/catch/runs", tokenAuth("read"), async (c) => {
    const q = parseInput(runsQuerySchema, c.req.query(), "query");
    const { results } = await c.env.BRIDGE_DB.prepare(
      `SELECT id, recipe_id, action, input, state, attempts, last_error, result_id, created_at_ms, updated_at_ms FROM catch_runs
       WHERE (?1 IS NULL OR recipe_id = ?1) ORDER BY created_at_ms DESC, id LIMIT ?2`,
    )
      .bind(q.recipe ?? null, q.limit)
      .all<Record<string, any>>();
    return c.json(
      results.map(({ input, created_at_ms, updated_at_ms, ...rest }) => ({
        ...rest,
        input: JSON.parse(input),
        created_at: new Date(created_at_ms).toISOString(),
        updated_at: new Date(updated_at_ms).toISOString(),
      })),
    );
  });
  const handle = async (c: import("hono").Context<AppEnv>) => {
    const recipe = c.var.config.recipes.get(c.req.param("recipe") ?? "");
    if (!recipe) throw new AppError(404, "UNKNOWN_RECIPE", "No catch hook with this name");
    const { bytes, payload } = await readPayload(c.req.raw);
    const secret = c.var.config.catchSecrets.get(recipe.id) ?? "";
    await checkCatchSecret(recipe, secret, c.req.param("secret"), bytes, c.req.header("X-Bridge-Signature") ?? null);
    const dryRun = ["1", "true"].includes(c.req.query("dry_run") ?? "");
    const answer = await acceptCatch(
      { db: c.env.BRIDGE_DB, queue: c.env.CATCH_RUNS as Queue<CatchMessage>, now: c.var.now },
      recipe,
      payload,
      dryRun,
    );
    return c.json(answer, dryRun ? 200 : 202);
  };
  r.post("/catch/:recipe", handle);
  r.post("/catch/:recipe/:secret", handle);
  return r;
}
