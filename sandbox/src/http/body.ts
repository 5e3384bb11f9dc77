import { BodyTooLargeError, readBodyBytes } from "@actuallycare/shared/http/read-body";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { ApiError, validationError } from "./api-error";

/**
 * How deeply a JSON body may nest objects and arrays, the body object itself
 * being level 1 (sandbox/README.md, "Request bodies"). No API body comes near
 * it; the bound keeps every later walk (trimming, config merging, zod,
 * JSON.stringify into SQLite) far from the stack limit.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The raw request body, capped at `maxBytes` (413) while it streams, chunked
 * or not. Read once per request: a `hang` fault reads it before the handler does.
 */
export function requestBytes(c: Context<AppEnv>, maxBytes: number): Promise<Uint8Array> {
  let bytes = c.get("bodyBytes");
  if (!bytes) {
    bytes = readBodyBytes(c.req.raw, maxBytes).catch((err: unknown) => {
      throw err instanceof BodyTooLargeError ? tooLarge(maxBytes) : err;
    });
    c.set("bodyBytes", bytes);
  }
  return bytes;
}

/**
 * Reads a JSON object body with the API's rules: size cap (413), JSON content
 * type (415), malformed JSON → 400 VALIDATION_ERROR on `body` (spec §4.5), as
 * is nesting deeper than {@link MAX_JSON_DEPTH}. An absent body reads as `{}`
 * so that required-field errors name the fields.
 */
export async function readJsonObject(c: Context<AppEnv>, maxBytes: number): Promise<Record<string, unknown>> {
  const bytes = await requestBytes(c, maxBytes);
  const text = new TextDecoder().decode(bytes).trim();
  if (text === "") return {};
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (!type.includes("application/json") && !type.includes("+json")) {
    throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Request body must be JSON (Content-Type: application/json)");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw validationError([{ field: "body", message: "Malformed JSON" }]);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw validationError([{ field: "body", message: "Expected a JSON object" }]);
  }
  trimStringsInPlace(parsed as Record<string, unknown>);
  return parsed as Record<string, unknown>;
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, "PAYLOAD_TOO_LARGE", `Request body exceeds ${maxBytes} bytes`);
}

/**
 * Strings are trimmed on input (spec §4.13). The walk keeps its own stack, so
 * it cannot overflow, and refuses a nesting deeper than {@link MAX_JSON_DEPTH}
 * as soon as it meets one. `JSON.parse`'s fresh objects are changed in place:
 * their keys (`__proto__` included) are all own data properties.
 */
function trimStringsInPlace(root: Record<string, unknown>): void {
  const pending: Array<{ node: Record<string, unknown>; depth: number }> = [{ node: root, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, depth } = next;
    if (depth > MAX_JSON_DEPTH) {
      throw validationError([{ field: "body", message: `Nested deeper than ${MAX_JSON_DEPTH} levels` }]);
    }
    // An array's keys are its indices, so one loop serves objects and arrays.
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (typeof value === "string") node[key] = value.trim();
      else if (typeof value === "object" && value !== null) {
        pending.push({ node: value as Record<string, unknown>, depth: depth + 1 });
      }
    }
  }
}
