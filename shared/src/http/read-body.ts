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

/**
 * Reads a request body as bytes and stops as soon as it exceeds `maxBytes`:
 * a declared `Content-Length` over the limit is refused before anything is
 * read, and a body without one (chunked) is counted while it streams and the
 * stream is cancelled at the first byte past the limit, so a 50 MB upload is
 * never buffered just to be refused. An absent body reads as zero bytes.
 *
 * @throws BodyTooLargeError when the body is, or declares itself, larger than `maxBytes`.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get("Content-Length");
  if (declared !== null && Number(declared) > maxBytes) throw new BodyTooLargeError(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
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
