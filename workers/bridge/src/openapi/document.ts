import { PROJECT_VERSION } from "@actuallycare/shared/health";
import * as z from "@actuallycare/shared/zod";
import type { RouteDoc } from "./route-docs";
import { errorEnvelopeSchema } from "./schemas";

type Json = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid input (VALIDATION_ERROR with details, or another stable code)",
  401: "No valid credential",
  403: "The token lacks the scope (INSUFFICIENT_SCOPE)",
  404: "Not found",
  409: "Conflict (the API's code, e.g. DUPLICATE_EMAIL or VERSION_CONFLICT)",
  413: "Body too large",
  415: "Unsupported media type",
  422: "The payload cannot be mapped (the field is named)",
  500: "Misconfigured (CONFIG_INVALID) or unexpected",
  502: "The bridge's ActuallyCare credentials were refused (UPSTREAM_AUTH)",
  503: "ActuallyCare is rate-limiting or unavailable; see Retry-After",
};

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of a zod schema, without the `$schema` keyword. */
export function jsonSchema(schema: z.core.$ZodType, io: "input" | "output"): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  }) as Json;
  return rest;
}

/**
 * The OpenAPI 3.1 document of the bridge, generated from its route docs (which hold the handlers' own zod schemas)
 * with zod's `toJSONSchema`: no second description of any input or output to keep in step.
 */
export function openApiDocument(routes: readonly RouteDoc[], serverUrl: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    paths[r.path] ??= {};
    (paths[r.path] as Record<string, Json>)[r.method] = operation(r);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "ActuallyCare bridge",
      version: PROJECT_VERSION,
      description:
        "A Zapier-style HTTP bridge to the ActuallyCare CRM: an auth test, polling triggers from a durable event log, REST hooks, samples, actions, searches, field metadata and catch hooks.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: serverUrl }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bridgeToken: {
          type: "http",
          scheme: "bearer",
          description: "A bridge token (BRIDGE_TOKENS), scope read or write",
        },
      },
      schemas: { Error: jsonSchema(errorEnvelopeSchema, "output") },
      responses: Object.fromEntries(
        Object.entries(STATUS_TEXT).map(([status, description]) => [
          `E${status}`,
          { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        ]),
      ),
    },
  };
}

function operation(r: RouteDoc): Json {
  const parameters: Json[] = [];
  for (const [name, p] of Object.entries(r.pathParams ?? {})) {
    parameters.push({
      name,
      in: "path",
      required: true,
      description: p.description,
      schema: p.schema ? jsonSchema(p.schema, "input") : { type: "string" },
    });
  }
  if (r.query) {
    const q = jsonSchema(r.query, "input") as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      parameters.push({ name, in: "query", required: q.required?.includes(name) ?? false, schema });
    }
  }
  if (r.auth === "webhook-signature") {
    for (const name of ["X-Webhook-Signature", "X-Webhook-Event"]) {
      parameters.push({ name, in: "header", required: true, schema: { type: "string" } });
    }
  }
  const errors = new Set(r.errors);
  if (r.auth === "read" || r.auth === "write") {
    errors.add(401);
    errors.add(403);
  }
  if (r.auth === "webhook-signature" || r.auth === "catch-secret") errors.add(401);
  const success: Json = { description: r.success.description };
  if (r.success.schema) success.content = { "application/json": { schema: jsonSchema(r.success.schema, "output") } };
  if (r.success.headers) {
    success.headers = Object.fromEntries(
      Object.entries(r.success.headers).map(([h, description]) => [h, { description, schema: { type: "string" } }]),
    );
  }
  const op: Json = {
    operationId: r.operationId,
    summary: r.summary,
    tags: [r.tag],
    responses: {
      [String(r.success.status)]: success,
      ...Object.fromEntries([...errors].sort().map((s) => [String(s), { $ref: `#/components/responses/E${s}` }])),
    },
  };
  if (r.description) op.description = r.description;
  if (parameters.length > 0) op.parameters = parameters;
  if (r.auth === "read" || r.auth === "write") op.security = [{ bridgeToken: [] }];
  else op.security = [];
  if (r.body) {
    const schema = jsonSchema(r.body, "input");
    op.requestBody = {
      required: true,
      content: {
        "application/json": { schema },
        ...(r.formBody ? { "application/x-www-form-urlencoded": { schema: { type: "object" } } } : {}),
      },
    };
  }
  if (r.auth === "write") op["x-required-scope"] = "write";
  return op;
}
