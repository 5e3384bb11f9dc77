import { AppError } from "../app-error";

/**
 * A request body's text as a JSON object: malformed JSON, or JSON that is not
 * an object (an array, a string, null), is `400 VALIDATION_ERROR` on `body`.
 */
export function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError(400, "VALIDATION_ERROR", "The body is not valid JSON", [
      { field: "body", message: "Malformed JSON" },
    ]);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new AppError(400, "VALIDATION_ERROR", "The body must be a JSON object", [
      { field: "body", message: "Expected an object" },
    ]);
  }
  return parsed as Record<string, unknown>;
}
