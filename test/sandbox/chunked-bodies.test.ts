import { SELF } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ApiResult, call, expectError, fixtureKey, resetSandbox } from "../support/sandbox-client";

/**
 * sandbox/README.md "Request bodies": the `maxBodyBytes` cap holds for bodies without a Content-Length (chunked) as
 * they stream; past it the handler answers 413 at once. The rest of the upload is still taken in and thrown away
 * before the answer goes out (wrangler dev drops an answer sent mid-upload), never kept.
 */

const IP = "10.73.0.1";
const CHUNK = 64 * 1024;

let full: string;
beforeAll(async () => {
  full = await fixtureKey("full-access");
});
beforeEach(resetSandbox);

/** `count` chunks of `CHUNK` bytes of JSON-ish filler, made only when pulled; `stats.pulls` counts them. */
function lazyBody(count: number) {
  const stats = { pulls: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (stats.pulls >= count) return controller.close();
        stats.pulls++;
        controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

/** Text sent a few bytes at a time, as a stream with no length. */
function trickle(text: string, size = 3): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function postStream(path: string, body: ReadableStream<Uint8Array>, key?: string): Promise<ApiResult> {
  const headers: Record<string, string> = { "Content-Type": "application/json", "CF-Connecting-IP": IP };
  if (key) headers["X-API-Key"] = key;
  const res = await SELF.fetch(`http://localhost:8787${path}`, {
    method: "POST",
    headers,
    body,
    duplex: "half",
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) };
}

async function configure(override: unknown): Promise<void> {
  expect((await call("/__sandbox/config", { method: "POST", body: override })).status).toBe(200);
}

describe("chunked request bodies", () => {
  it("refuses a 50 MB chunked post past the 10 MB cap with 413, once the upload is taken in", async () => {
    const { stream, stats } = lazyBody((50 * 1024 * 1024) / CHUNK);
    const r = await postStream("/v1/leads", stream, full);
    const e = expectError(r, 413, "PAYLOAD_TOO_LARGE");
    expect(e.message).toBe(`Request body exceeds ${10 * 1024 * 1024} bytes`);
    expect(stats.pulls).toBe(800);
    expect((await call("/v1/leads?limit=1", { key: full, ip: IP })).body.data.meta.total).toBe(60);
  });

  it("answers 413 on a write route and on the controls when a chunked body passes a lowered cap", async () => {
    await configure({ maxBodyBytes: 1000 });
    for (const path of ["/v1/leads", "/v1/escrows", "/__sandbox/config", "/__sandbox/faults"]) {
      const { stream, stats } = lazyBody(100);
      const r = await postStream(path, stream, full);
      expectError(r, 413, "PAYLOAD_TOO_LARGE");
      expect(stats.pulls, path).toBe(100);
    }
    expect((await call("/__sandbox/config")).body.data.maxBodyBytes).toBe(1000);
  });

  it("accepts a chunked body within the cap, however finely it is split", async () => {
    const body = JSON.stringify({ name: "  Ana Ruiz  ", email: "ana.ruiz@example.com", notes: "é".repeat(100) });
    const r = await postStream("/v1/leads", trickle(body), full);
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({ name: "Ana Ruiz", email: "ana.ruiz@example.com", notes: "é".repeat(100) });

    const cap = 1000;
    await configure({ maxBodyBytes: cap });
    const exact = JSON.stringify({
      name: "Ana Ruiz",
      notes: "x".repeat(cap - '{"name":"Ana Ruiz","notes":""}'.length),
    });
    expect(new TextEncoder().encode(exact).byteLength).toBe(cap);
    expect((await postStream("/v1/leads", trickle(exact, 50), full)).status).toBe(201);
    expectError(await postStream("/v1/leads", trickle(`${exact} `, 50), full), 413, "PAYLOAD_TOO_LARGE");
  });

  it("serves a hang fault on a chunked body, then refuses the body if it is over the cap", async () => {
    await configure({ maxBodyBytes: 1000 });
    const fault = await call("/__sandbox/faults", {
      method: "POST",
      body: { path: "/v1/leads", method: "POST", mode: "hang", hangMs: 50, count: 2 },
    });
    expect(fault.status).toBe(201);
    const big = lazyBody(100);
    expectError(await postStream("/v1/leads", big.stream, full), 413, "PAYLOAD_TOO_LARGE");
    // The hang read the body first; the handler gets the same bytes.
    const r = await postStream("/v1/leads", trickle('{"name":"Hung Lead"}'), full);
    expect(r.status).toBe(201);
    expect(r.body.data.name).toBe("Hung Lead");
  });

  it("answers a request refused before its body is read once the upload is taken in", async () => {
    const { stream, stats } = lazyBody(800);
    const r = await postStream("/v1/leads", stream);
    expectError(r, 401, "NO_AUTH_TOKEN");
    expect(stats.pulls).toBe(800);
    const unknown = lazyBody(10);
    expectError(await postStream("/v1/nowhere", unknown.stream, full), 404, "NOT_FOUND");
    expect(unknown.stats.pulls).toBe(10);
  });
});
