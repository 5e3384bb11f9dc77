import { AppError } from "@actuallycare/shared/app-error";
import { parseJsonObject } from "@actuallycare/shared/worker/json-object";
import { readCappedBody } from "@actuallycare/shared/worker/read-capped-body";

/** Larger bodies are refused before they are read in full, chunked ones as soon as they pass it. */
export const MAX_BODY_BYTES = 32 * 1024;

export type BodyKind = "json" | "form";

/**
 * Reads a submission: JSON (the script) or form-encoded (a plain form post),
 * as a flat record of values. Anything else is 415; more than 32 KB is 413;
 * malformed JSON is 400.
 */
export async function readSubmissionBody(
  request: Request,
): Promise<{ kind: BodyKind; values: Record<string, unknown> }> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const kind: BodyKind | null =
    type === "application/json" ? "json" : type === "application/x-www-form-urlencoded" ? "form" : null;
  if (!kind) throw new AppError(415, "UNSUPPORTED_MEDIA_TYPE", "Send JSON or a form-encoded body");
  const bytes = await readCappedBody(request, MAX_BODY_BYTES, `A submission is at most ${MAX_BODY_BYTES / 1024} KB`);
  const text = new TextDecoder().decode(bytes);
  if (kind === "form") return { kind, values: Object.fromEntries(new URLSearchParams(text)) };
  return { kind, values: parseJsonObject(text) };
}
