/**
 * Thrown by {@link readBodyBytes} when a body is larger than the limit. Each
 * caller maps it to its own 413 answer (workers' `AppError`, the sandbox's
 * `ApiError`), so this module depends on neither.
 */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The body exceeds ${limitBytes} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/** RFC 9110 §8.6: `Content-Length = 1*DIGIT`; anything else is no declaration, and the streamed count decides. */
const DECIMAL = /^\d+$/;

/**
 * Reads a request body as bytes and stops as soon as it exceeds `maxBytes`:
 * a declared `Content-Length` over the limit is refused before anything is
 * read, and a body without one (chunked), or with one that understates it, is
 * counted while it streams and cancelled at the first chunk past the limit, so
 * a 50 MB upload is never buffered just to be refused: at most `maxBytes` plus
 * one chunk is ever pulled. An absent body reads as zero bytes.
 *
 * @throws BodyTooLargeError when the body is, or declares itself, larger than `maxBytes`.
 * @throws TypeError when the body stream yields something other than bytes.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get("Content-Length")?.trim() ?? "";
  // Left untouched: the runtime disposes of a body nobody read, and a client still uploading gets the answer.
  if (DECIMAL.test(declared) && Number(declared) > maxBytes) throw new BodyTooLargeError(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = asBytes(value);
    if (!chunk) {
      await reader.cancel().catch(() => undefined);
      throw new TypeError("The body stream yielded something other than bytes");
    }
    total += chunk.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(chunk);
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * A network body yields `Uint8Array`s, but a `Request` built in code can carry
 * any stream; other byte views are taken as their bytes, and non-bytes (a
 * string chunk would count as `undefined` bytes and slip past the limit) as null.
 */
function asBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return null;
}
