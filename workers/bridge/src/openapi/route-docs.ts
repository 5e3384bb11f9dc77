import type * as z from "@actuallycare/shared/zod";

/** Who may call a route. */
export type RouteAuth = "read" | "write" | "webhook-signature" | "catch-secret" | "none";

/** One operation as the OpenAPI document describes it; the schemas are the very ones the handlers validate with. */
export interface RouteDoc {
  method: "get" | "post" | "delete";
  /** OpenAPI form: `/hooks/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  auth: RouteAuth;
  pathParams?: Record<string, { description: string; schema?: z.ZodMiniType }>;
  query?: z.ZodMiniObject;
  body?: z.ZodMiniType;
  /** Also accepts `application/x-www-form-urlencoded` (catch hooks). */
  formBody?: boolean;
  /** Success status → its schema (null: no body described beyond the description). */
  success: { status: number; description: string; schema: z.core.$ZodType | null; headers?: Record<string, string> };
  /** Error statuses the route itself answers (401/403 follow from `auth`). */
  errors: number[];
}
