import { Hono } from "hono";
import type { AppEnv } from "../app-env";

// PLACEHOLDER: being implemented.
export function webhookRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
