import { AppError } from "@actuallycare/shared/app-error";
import { parseJsonObject } from "@actuallycare/shared/worker/json-object";
import { readCappedBody } from "@actuallycare/shared/worker/read-capped-body";

/** Action bodies are small; larger ones are refused while streaming. */
export const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON object body (413 over the limit, 415 when not JSON, 400 when malformed or not an object). */
export async function readJsonObject(request: Request, maxBytes = MAX_JSON_BYTES): Promise<Record<string, unknown>> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") throw new AppError(415, "UNSUPPORTED_MEDIA_TYPE", "Send a JSON body");
  const bytes = await readCappedBody(request, maxBytes, `A body is at most ${maxBytes / 1024} KB`);
  return parseJsonObject(new TextDecoder().decode(bytes));
}
