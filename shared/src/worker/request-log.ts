import type { MiddlewareHandler } from "hono";
import { elapsed, type Logger } from "./log";

/**
 * One `http.request` line per request: the method and the path, never the
 * query or the body (they carry visitors' data, recipients' addresses and
 * tokens), the status, an outcome (`ok`, `rejected` for 4xx, `error` for 5xx)
 * and the duration. `requestId` is Cloudflare's ray id, which its own request
 * logs show too; a fresh one where there is none (wrangler dev, tests).
 */
export function requestLog(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = Date.now();
    await next();
    const status = c.res.status;
    log.info("http.request", {
      requestId: c.req.header("cf-ray") ?? crypto.randomUUID(),
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status,
      outcome: status < 400 ? "ok" : status < 500 ? "rejected" : "error",
      durationMs: elapsed(started),
    });
  };
}
