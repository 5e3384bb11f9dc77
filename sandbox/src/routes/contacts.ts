import { Hono } from "hono";
import type { AppEnv } from "../app-env";

// PLACEHOLDER: being implemented.
export function contactRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
