import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { bridgeRouteDocs } from "../openapi/bridge-routes";
import { openApiDocument } from "../openapi/document";
import type { RouteDoc } from "../openapi/route-docs";

/** `GET /openapi.json`: public (it holds no secret), so Make, n8n and Pipedream can import it by URL. */
export function openApiRoutes(extraDocs: RouteDoc[] = []): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const cache = new Map<string, string>();
  r.get("/openapi.json", (c) => {
    const origin = new URL(c.req.url).origin;
    let text = cache.get(origin);
    if (!text) {
      text = JSON.stringify(openApiDocument(bridgeRouteDocs(extraDocs), origin));
      cache.set(origin, text);
    }
    return c.body(text, 200, {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=300",
    });
  });
  return r;
}
