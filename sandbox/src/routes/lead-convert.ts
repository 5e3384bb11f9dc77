import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { ApiError } from "../http/api-error";

// PLACEHOLDER: being implemented with the clients group.
export function convertLead(_c: Context<AppEnv>): Response {
  throw new ApiError(500, "INTERNAL_ERROR", "not yet");
}
