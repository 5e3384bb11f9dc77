import type { Context } from "hono";
import { ApiError, validationError } from "./api-error";

/**
 * Reads a JSON object body with the API's rules: size cap (413), JSON content
 * type (415), malformed JSON → 400 VALIDATION_ERROR on `body` (spec §4.5).
 * An absent body reads as `{}` so that required-field errors name the fields.
 */
export async function readJsonObject(c: Context, maxBytes: number): Promise<Record<string, unknown>> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
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
  return trimStrings(parsed) as Record<string, unknown>;
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, "PAYLOAD_TOO_LARGE", `Request body exceeds ${maxBytes} bytes`);
}

/** Strings are trimmed on input (spec §4.13). */
function trimStrings(value: unknown): unknown {
  if (typeof value === "string") return value.trim();
  if (Array.isArray(value)) return value.map(trimStrings);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimStrings(v)]));
  }
  return value;
}
