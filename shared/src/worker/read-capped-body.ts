import { AppError } from "../app-error";
import { BodyTooLargeError, readBodyBytes } from "../http/read-body";

/**
 * A worker's request body as bytes, at most `maxBytes` (declared or chunked,
 * see {@link readBodyBytes}); a larger one is `413 PAYLOAD_TOO_LARGE` with
 * `message`, in the envelope like every other refusal.
 */
export async function readCappedBody(request: Request, maxBytes: number, message: string): Promise<Uint8Array> {
  try {
    return await readBodyBytes(request, maxBytes);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new AppError(413, "PAYLOAD_TOO_LARGE", message);
    throw err;
  }
}
