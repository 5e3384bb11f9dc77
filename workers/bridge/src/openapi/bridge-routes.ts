import * as z from "@actuallycare/shared/zod";
import { ACTION_INPUTS, ACTION_LABELS, ACTION_NAMES } from "../actions/action-schemas";
import { EVENTS, itemSchema } from "../event-log/catalog";
import { CHOICE_NAMES } from "../fields/choices";
import { runsQuerySchema } from "../routes/catch-routes";
import { hookInputSchema } from "../routes/hook-routes";
import { triggerQuerySchema } from "../routes/trigger-routes";
import { SEARCH_LABELS, SEARCH_NAMES, SEARCH_QUERIES } from "../searches/search-specs";
import type { RouteDoc } from "./route-docs";
import {
  ACTION_RESULTS,
  choiceSchema,
  fieldInfoSchema,
  healthSchema,
  hookSchema,
  ingestResultSchema,
  meSchema,
  SEARCH_RESULTS,
} from "./schemas";

const CURSOR_HEADERS = {
  "X-Next-Cursor": "The cursor to send next time (the newest cursor of this answer, or the one sent)",
  "X-Has-More": "With a cursor: true when more entries follow (read again at once)",
};

/**
 * Every operation of the bridge, built from the same registries the routes serve (events, actions, searches,
 * choices), one concrete operation per event, action and search so that importers (Make, n8n, Pipedream) get exact
 * input and output schemas. A test checks that every route the app serves is here.
 */
export function bridgeRouteDocs(extra: RouteDoc[] = []): RouteDoc[] {
  const docs: RouteDoc[] = [
    {
      method: "get",
      path: "/health",
      operationId: "health",
      summary: "Health check",
      tag: "Meta",
      auth: "none",
      success: { status: 200, description: "The worker's name and version", schema: healthSchema },
      errors: [500],
    },
    {
      method: "get",
      path: "/openapi.json",
      operationId: "openapi",
      summary: "This document",
      tag: "Meta",
      auth: "none",
      success: { status: 200, description: "OpenAPI 3.1", schema: null },
      errors: [500],
    },
    {
      method: "get",
      path: "/me",
      operationId: "me",
      summary: "Auth test: the token and the ActuallyCare user and team",
      tag: "Meta",
      auth: "read",
      success: { status: 200, description: "Who this connection is", schema: meSchema },
      errors: [502, 503],
    },
    {
      method: "post",
      path: "/ingest",
      operationId: "ingest",
      summary: "ActuallyCare's signed webhooks (the bridge's own subscription)",
      description: "Verified with X-Webhook-Signature (spec §3.3); the event is in the log before the 2xx.",
      tag: "Webhooks",
      auth: "webhook-signature",
      body: z.looseObject({ event: z.string(), timestamp: z.string(), data: z.record(z.string(), z.unknown()) }),
      success: {
        status: 200,
        description: "Logged, a duplicate, or an event the log does not keep",
        schema: ingestResultSchema,
      },
      errors: [400, 413],
    },
    {
      method: "get",
      path: "/choices/{name}",
      operationId: "choices",
      summary: "A dropdown's values",
      tag: "Metadata",
      auth: "read",
      pathParams: { name: { description: "The list", schema: z.enum(CHOICE_NAMES as [string, ...string[]]) } },
      success: { status: 200, description: "The values, in order", schema: z.array(choiceSchema) },
      errors: [404],
    },
  ];
  docs.push(
    {
      method: "post",
      path: "/hooks",
      operationId: "hook_subscribe",
      summary: "Subscribe a REST hook (instant trigger)",
      description:
        "Each new log entry of the event is POSTed to target_url as one item (the shape a poll returns). 2xx delivers; 410 unsubscribes; anything else is retried with backoff, then kept as a dead delivery.",
      tag: "Hooks",
      auth: "read",
      body: hookInputSchema,
      success: { status: 201, description: "The hook", schema: hookSchema },
      errors: [400, 413, 415],
    },
    {
      method: "get",
      path: "/hooks",
      operationId: "hook_list",
      summary: "This token's active hooks",
      tag: "Hooks",
      auth: "read",
      success: { status: 200, description: "Newest first", schema: z.array(hookSchema) },
      errors: [],
    },
    {
      method: "delete",
      path: "/hooks/{id}",
      operationId: "hook_unsubscribe",
      summary: "Unsubscribe a REST hook",
      tag: "Hooks",
      auth: "read",
      pathParams: { id: { description: "The hook id (hk_…)" } },
      success: {
        status: 200,
        description: "Ended",
        schema: z.object({ id: z.string(), deleted: z.literal(true) }),
      },
      errors: [404],
    },
  );
  const catchAnswer = z.union([
    z.object({ run_id: z.string(), status: z.literal("queued") }),
    z.object({
      dry_run: z.literal(true),
      recipe: z.string(),
      action: z.string(),
      requests: z.array(
        z.object({ method: z.string(), path: z.string(), body: z.optional(z.unknown()), when: z.optional(z.string()) }),
      ),
    }),
  ]);
  const catchDoc = (path: string, secretInPath: boolean): RouteDoc => ({
    method: "post",
    path,
    operationId: secretInPath ? "catch_path_secret" : "catch_signed",
    summary: secretInPath
      ? "Catch hook (secret in the path)"
      : "Catch hook (X-Bridge-Signature: sha256=<HMAC of the body>)",
    description:
      "Maps any JSON or form-encoded payload onto the recipe's action (RECIPES). 202: stored and queued; ?dry_run=1: 200 with the ActuallyCare requests it would make; 422 MAPPING_FAILED names each field it cannot map.",
    tag: "Catch hooks",
    auth: "catch-secret",
    pathParams: {
      recipe: { description: "The recipe id" },
      ...(secretInPath ? { secret: { description: "The recipe's secret (CATCH_SECRETS)" } } : {}),
    },
    query: z.object({ dry_run: z.optional(z.enum(["1", "true"])) }),
    body: z.record(z.string(), z.unknown()),
    formBody: true,
    success: { status: 202, description: "Queued (200 for a dry run)", schema: catchAnswer },
    errors: [400, 404, 413, 415, 422, 503],
  });
  docs.push(catchDoc("/catch/{recipe}/{secret}", true), catchDoc("/catch/{recipe}", false), {
    method: "get",
    path: "/catch/runs",
    operationId: "catch_runs",
    summary: "The catch-hook run log, newest first",
    tag: "Catch hooks",
    auth: "read",
    query: runsQuerySchema,
    success: {
      status: 200,
      description: "Runs: state queued, done, failed or dead",
      schema: z.array(z.record(z.string(), z.unknown())),
    },
    errors: [400],
  });
  for (const spec of EVENTS) {
    const item = z.array(itemSchema(spec));
    docs.push({
      method: "get",
      path: `/triggers/${spec.event}`,
      operationId: `trigger_${spec.event.replace(".", "_")}`,
      summary: `Poll: ${spec.label}`,
      description:
        "Newest first. Without a cursor: the newest items (dedupe on id). With a cursor: the items after it.",
      tag: "Triggers",
      auth: "read",
      query: triggerQuerySchema,
      success: { status: 200, description: "A bare array of items", schema: item, headers: CURSOR_HEADERS },
      errors: [400],
    });
    docs.push({
      method: "get",
      path: `/samples/${spec.event}`,
      operationId: `sample_${spec.event.replace(".", "_")}`,
      summary: `Samples: ${spec.label}`,
      tag: "Triggers",
      auth: "read",
      success: {
        status: 200,
        description: "Recent real items, else a realistic fixture of the same shape",
        schema: item,
      },
      errors: [],
    });
  }
  for (const name of ACTION_NAMES) {
    docs.push({
      method: "post",
      path: `/actions/${name}`,
      operationId: `action_${name}`,
      summary: ACTION_LABELS[name],
      tag: "Actions",
      auth: "write",
      body: ACTION_INPUTS[name],
      success: {
        status: name.startsWith("create_") ? 201 : 200,
        description: "The API's full object",
        schema: ACTION_RESULTS[name],
      },
      errors: [400, 404, 409, 413, 415, 502, 503],
    });
    docs.push({
      method: "get",
      path: `/fields/${name}`,
      operationId: `fields_${name}`,
      summary: `Input fields: ${ACTION_LABELS[name]}`,
      tag: "Metadata",
      auth: "read",
      success: { status: 200, description: "The action's input fields", schema: z.array(fieldInfoSchema) },
      errors: [],
    });
  }
  for (const name of SEARCH_NAMES) {
    docs.push({
      method: "get",
      path: `/searches/${name}`,
      operationId: `search_${name}`,
      summary: SEARCH_LABELS[name],
      tag: "Searches",
      auth: "read",
      query: SEARCH_QUERIES[name],
      success: {
        status: 200,
        description: "Matching records (empty when none); X-Bridge-Search says how they were found",
        schema: z.array(SEARCH_RESULTS[name]),
        headers: { "X-Bridge-Search": "api, log, scan or scan-partial" },
      },
      errors: [400, 502, 503],
    });
  }
  return [...docs, ...extra];
}
