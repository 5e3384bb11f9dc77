import { AppError } from "@actuallycare/shared/app-error";
import { readCappedBody } from "@actuallycare/shared/worker/read-capped-body";

/** Form builders send small bodies; larger ones are refused while streaming. */
export const MAX_CATCH_BYTES = 64 * 1024;

/** The raw bytes (for the HMAC) and the parsed payload: a JSON value, or a form's fields. */
export async function readPayload(request: Request): Promise<{ bytes: Uint8Array; payload: unknown }> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const json = type === "application/json" || type.endsWith("+json");
  const form = type === "application/x-www-form-urlencoded";
  if (!json && !form) throw new AppError(415, "UNSUPPORTED_MEDIA_TYPE", "Send JSON or a form-encoded body");
  const bytes = await readCappedBody(request, MAX_CATCH_BYTES, "A catch-hook body is at most 64 KB");
  const text = new TextDecoder().decode(bytes);
  if (form) return { bytes, payload: Object.fromEntries(new URLSearchParams(text)) };
  try {
    return { bytes, payload: JSON.parse(text) as unknown };
  } catch {
    throw new AppError(400, "VALIDATION_ERROR", "The body is not valid JSON", [
      { field: "body", message: "Malformed JSON" },
    ]);
  }
}
