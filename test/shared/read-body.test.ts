import { describe, expect, it } from "vitest";
import { BodyTooLargeError, readBodyBytes } from "../../shared/src/http/read-body";

/**
 * A body that makes its chunks only when pulled (high-water mark 0: nothing is
 * pulled ahead), and counts the pulls, so a test can tell how much of it was read.
 */
function countingBody(chunkSizes: number[], fill = (i: number) => i % 251) {
  const stats = { pulls: 0, cancelled: false };
  let next = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const size = chunkSizes[stats.pulls];
        if (size === undefined) return controller.close();
        stats.pulls++;
        const chunk = new Uint8Array(size);
        for (let i = 0; i < size; i++) chunk[i] = fill(next++);
        controller.enqueue(chunk);
      },
      cancel() {
        stats.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("https://example.com/upload", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

async function refusal(p: Promise<unknown>): Promise<BodyTooLargeError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BodyTooLargeError);
  return err as BodyTooLargeError;
}

describe("readBodyBytes", () => {
  it("refuses a declared Content-Length over the limit without pulling the body", async () => {
    const { stream, stats } = countingBody([50, 50, 50]);
    const request = post(stream, { "Content-Length": "150" });
    const err = await refusal(readBodyBytes(request, 100));
    expect(err.limitBytes).toBe(100);
    expect(err.message).toBe("The body exceeds 100 bytes");
    expect(stats.pulls).toBe(0);
    // Not even locked: the body is left to the runtime, as any body a handler never reads.
    expect(request.bodyUsed).toBe(false);
    expect(stats.cancelled).toBe(false);
  });

  it("refuses a chunked body over the limit after at most the limit plus one chunk, never pulling the rest", async () => {
    const { stream, stats } = countingBody(Array.from({ length: 1000 }, () => 64));
    await refusal(readBodyBytes(post(stream), 200));
    // 64, 128, 192 are within 200; the fourth chunk (256) is the first past it.
    expect(stats.pulls).toBe(4);
    expect(stats.cancelled).toBe(true);
  });

  it("stops at the limit when Content-Length understates the body", async () => {
    const { stream, stats } = countingBody(Array.from({ length: 1000 }, () => 30));
    await refusal(readBodyBytes(post(stream, { "Content-Length": "10" }), 100));
    expect(stats.pulls).toBe(4);
    expect(stats.cancelled).toBe(true);
  });

  it("refuses a single chunk larger than the limit", async () => {
    const { stream, stats } = countingBody([101, 5]);
    await refusal(readBodyBytes(post(stream), 100));
    expect(stats.pulls).toBe(1);
  });

  it("accepts a body of exactly the limit, declared or chunked", async () => {
    const chunked = countingBody([40, 40, 20]);
    const bytes = await readBodyBytes(post(chunked.stream), 100);
    expect(bytes.byteLength).toBe(100);
    expect([...bytes]).toEqual(Array.from({ length: 100 }, (_, i) => i % 251));
    expect(chunked.stats.cancelled).toBe(false);

    const text = "x".repeat(100);
    const declared = post(text, { "Content-Type": "text/plain" });
    expect(new TextDecoder().decode(await readBodyBytes(declared, 100))).toBe(text);
    await refusal(readBodyBytes(post(`${text}y`), 100));
  });

  it("reads an absent or empty body as zero bytes", async () => {
    expect((await readBodyBytes(new Request("https://example.com/"), 10)).byteLength).toBe(0);
    expect((await readBodyBytes(post(""), 10)).byteLength).toBe(0);
    expect((await readBodyBytes(post(countingBody([]).stream), 10)).byteLength).toBe(0);
    expect((await readBodyBytes(post(countingBody([0, 0]).stream), 0)).byteLength).toBe(0);
    expect((await readBodyBytes(post(null, { "Content-Length": "0" }), 0)).byteLength).toBe(0);
  });

  it("joins many small chunks in order", async () => {
    const sizes = Array.from({ length: 500 }, (_, i) => (i % 7) + 1);
    const total = sizes.reduce((a, b) => a + b, 0);
    const { stream, stats } = countingBody(sizes, (i) => (i * 31) % 256);
    const bytes = await readBodyBytes(post(stream), total);
    expect(stats.pulls).toBe(500);
    expect(bytes.byteLength).toBe(total);
    expect([...bytes]).toEqual(Array.from({ length: total }, (_, i) => (i * 31) % 256));
  });

  it("takes a Content-Length that is not a decimal number as no declaration, so the streamed count decides", async () => {
    for (const declared of ["1e9", "0x7fffffff", "abc", "-5"]) {
      const small = countingBody([10]);
      expect((await readBodyBytes(post(small.stream, { "Content-Length": declared }), 100)).byteLength, declared).toBe(
        10,
      );
      const big = countingBody([60, 60, 60]);
      await refusal(readBodyBytes(post(big.stream, { "Content-Length": declared }), 100));
      expect(big.stats.pulls, declared).toBe(2);
    }
  });

  it("counts other byte views by their bytes and refuses a stream of strings", async () => {
    const views = new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint16Array([1, 2]));
        controller.enqueue(new Uint8Array([9]).buffer);
        controller.close();
      },
    });
    expect((await readBodyBytes(post(views), 5)).byteLength).toBe(5);
    await refusal(
      readBodyBytes(
        post(
          new ReadableStream({
            start(c) {
              c.enqueue(new Uint16Array([1, 2, 3]));
              c.close();
            },
          }),
        ),
        5,
      ),
    );
    const strings = new ReadableStream({
      start(controller) {
        controller.enqueue("x".repeat(1000));
        controller.close();
      },
    });
    await expect(readBodyBytes(post(strings), 100)).rejects.toThrow(TypeError);
  });
});
