import type { MiddlewareHandler } from "hono";
import * as z from "zod";
import type { AppEnv } from "../app-env";
import type { Sql } from "../db/sql";
import { ApiError } from "../http/api-error";
import { requestBytes } from "../http/body";

/** A fault to inject on requests whose path starts with `path` (and whose method matches, if given). */
export const faultSchema = z
  .object({
    path: z.string().startsWith("/v1", "path must start with /v1"),
    method: z.string().toUpperCase().optional(),
    mode: z.enum(["500", "429", "hang"]),
    /** Fail the next N matching requests. */
    count: z.number().int().positive().optional(),
    /** Or fail this fraction of matching requests, spread evenly (deterministic). */
    fraction: z.number().gt(0).max(1).optional(),
    /** How long a hang lasts before the request is processed anyway. */
    hangMs: z.number().int().positive().max(600_000).default(60_000),
    retryAfterSeconds: z.number().int().min(0).default(1),
  })
  .refine((f) => (f.count === undefined) !== (f.fraction === undefined), "Give exactly one of count or fraction");

export type Fault = z.infer<typeof faultSchema>;

interface FaultRow {
  id: string;
  path: string;
  method: string | null;
  mode: "500" | "429" | "hang";
  remaining: number | null;
  fraction: number | null;
  seen: number;
  hang_ms: number;
  retry_after: number;
}

export function addFault(sql: Sql, id: string, f: Fault, now: number): void {
  sql.run(
    "INSERT INTO faults (id, path, method, mode, remaining, fraction, hang_ms, retry_after, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    id,
    f.path,
    f.method ?? null,
    f.mode,
    f.count ?? null,
    f.fraction ?? null,
    f.hangMs,
    f.retryAfterSeconds,
    now,
  );
}

export function listFaults(sql: Sql): FaultRow[] {
  return sql.all<FaultRow>("SELECT * FROM faults ORDER BY created_at, rowid");
}

/** `/v1/leads` covers `/v1/leads`, `/v1/leads/` and `/v1/leads/{id}`, but not `/v1/leadsx`. */
function covers(faultPath: string, path: string): boolean {
  const base = faultPath.replace(/\/+$/, "");
  return path === base || path.startsWith(`${base}/`);
}

/** Picks the fault that fires for this request, updating its counters. */
function fire(sql: Sql, path: string, method: string): FaultRow | null {
  for (const f of listFaults(sql)) {
    if (!covers(f.path, path) || (f.method && f.method !== method)) continue;
    if (f.remaining !== null) {
      if (f.remaining <= 1) sql.run("DELETE FROM faults WHERE id = ?", f.id);
      else sql.run("UPDATE faults SET remaining = remaining - 1 WHERE id = ?", f.id);
      return f;
    }
    const fraction = f.fraction ?? 0;
    sql.run("UPDATE faults SET seen = seen + 1 WHERE id = ?", f.id);
    if (Math.floor((f.seen + 1) * fraction) > Math.floor(f.seen * fraction)) return f;
  }
  return null;
}

/**
 * Injected failures, as if from the API's edge: before auth and everything
 * else. A hang delays the request, then lets it through (a late success is the
 * case a client's timeout must handle: the write may still happen).
 */
export const injectFaults: MiddlewareHandler<AppEnv> = async (c, next) => {
  const f = fire(c.env.sql, c.req.path, c.req.method);
  if (!f) return next();
  if (f.mode === "hang") {
    // The API has the whole request before it stalls: a client that gives up still gets its write done.
    // Read through the capped reader, so a huge body is refused (by the handler, after the hang), not buffered.
    await requestBytes(c, c.env.config().maxBodyBytes).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, f.hang_ms));
    return next();
  }
  if (f.mode === "429") {
    c.set("rate", {
      ...c.var.rate,
      shown: { ...c.var.rate.shown, remaining: 0, resetSeconds: f.retry_after },
      blockedFor: f.retry_after,
    });
    throw new ApiError(429, "RATE_LIMIT_EXCEEDED", "Too many requests, please try again later");
  }
  throw new ApiError(500, "INTERNAL_ERROR", "An unexpected error occurred", undefined, {}, "injected fault");
};
