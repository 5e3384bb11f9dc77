import { SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { DEMO_ORIGIN, operator, person, resetAll, signed, WORKER } from "./intake-helpers";

/**
 * Input no visitor sends by accident: inherited names as form ids and field names, chunked bodies past the 32 KB
 * cap, deep JSON. Each is a 4xx in the envelope (or the form page), or accepted; never a 5xx.
 */

const PROTOTYPE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
  "__defineGetter__",
];
const LIMIT = 32 * 1024;
const CHUNK = 4096;

beforeEach(resetAll);

let ipCounter = 0;
/** A valid submission for the demo form, its start time signed as the rendered form would carry it. */
const signedPerson = async (overrides: Record<string, unknown> = {}) =>
  (await signed(person(overrides), "demo")) as Record<string, unknown>;

/** A fresh visitor per submission, so the per-visitor rate limit never decides a test. */
const visitor = () => `203.0.113.${(ipCounter++ % 250) + 1}`;

async function envelopeError(res: Response): Promise<{ code: string; message: string }> {
  const body = (await res.json()) as { success: boolean; error: { code: string; message: string } };
  expect(body.success).toBe(false);
  return body.error;
}

/** `count` chunks of spaces inside a JSON string value, made only when pulled; `stats.pulls` counts them. */
function lazyJson(count: number) {
  const stats = { pulls: 0 };
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (stats.pulls === 0) controller.enqueue(encoder.encode('{"name":"Dana","message":"'));
        if (stats.pulls >= count) {
          controller.enqueue(encoder.encode('"}'));
          return controller.close();
        }
        stats.pulls++;
        controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

/** Text sent a few bytes at a time, with no Content-Length. */
function trickle(text: string, size = 7): ReadableStream<Uint8Array> {
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

function postStream(body: ReadableStream<Uint8Array>, type = "application/json"): Promise<Response> {
  return SELF.fetch(`${WORKER}/f/demo`, {
    method: "POST",
    headers: { "Content-Type": type, Origin: DEMO_ORIGIN, "CF-Connecting-IP": visitor() },
    body,
    duplex: "half",
  } as RequestInit);
}

describe("prototype names as form ids", () => {
  it("are an unknown form on every /f/:id route, never a 5xx", async () => {
    for (const name of PROTOTYPE_KEYS) {
      const id = encodeURIComponent(name);
      for (const path of [`/f/${id}`, `/f/${id}/fragment`, `/f/${id}/thanks`]) {
        const res = await SELF.fetch(`${WORKER}${path}`, { headers: { Origin: DEMO_ORIGIN } });
        expect(res.status, path).toBe(404);
        expect((await envelopeError(res)).code, path).toBe("FORM_NOT_FOUND");
      }
      const submit = await SELF.fetch(`${WORKER}/f/${id}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: DEMO_ORIGIN, "CF-Connecting-IP": visitor() },
        body: JSON.stringify(person()),
      });
      expect(submit.status, name).toBe(404);
      expect((await envelopeError(submit)).code, name).toBe("FORM_NOT_FOUND");
      const preflight = await SELF.fetch(`${WORKER}/f/${id}`, {
        method: "OPTIONS",
        headers: { Origin: DEMO_ORIGIN, "Access-Control-Request-Method": "POST" },
      });
      expect(preflight.status, `OPTIONS ${name}`).toBe(404);
      expect(preflight.headers.get("Access-Control-Allow-Origin")).toBeNull();
      const redeliver = await operator(`/dead-letters/${id}/redeliver`, { method: "POST" });
      expect(redeliver.status, `redeliver ${name}`).toBe(404);
    }
  });

  it("are plain values in the form pages' query and plain fields in a submission", async () => {
    for (const name of PROTOTYPE_KEYS) {
      const q = encodeURIComponent(name);
      for (const path of ["/f/demo", "/f/demo/fragment"]) {
        const res = await SELF.fetch(`${WORKER}${path}?${q}=1&listing_id=${q}&n=${q}`, {
          headers: { Origin: DEMO_ORIGIN },
        });
        expect(res.status, `${path} ${name}`).toBe(200);
        expect(await res.text(), `${path} ${name}`).toContain(`value="${name}"`);
      }
      const json = await SELF.fetch(`${WORKER}/f/demo`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: DEMO_ORIGIN, "CF-Connecting-IP": visitor() },
        body: `{${JSON.stringify(name)}:{"name":"x"},${JSON.stringify(await signedPerson()).slice(1)}`,
      });
      expect(json.status, `json ${name}`).toBe(202);
      // A plain form post that fails validation answers with the form again, the visitor's values kept.
      const form = new URLSearchParams({ [name]: "x", name: "Dana", email: "nope", started_at: "0" });
      const page = await SELF.fetch(`${WORKER}/f/demo`, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Origin: DEMO_ORIGIN,
          "CF-Connecting-IP": visitor(),
        },
        body: form.toString(),
      });
      expect(page.status, `form ${name}`).toBe(400);
      expect(page.headers.get("Content-Type"), `form ${name}`).toMatch(/^text\/html/);
      expect(await page.text()).toContain('value="Dana"');
    }
  });
});

describe("chunked submissions", () => {
  it("refuse a chunked body past 32 KB with 413 in the envelope, without reading the rest", async () => {
    const { stream, stats } = lazyJson(1000);
    const res = await postStream(stream);
    expect(res.status).toBe(413);
    expect(await envelopeError(res)).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: "A submission is at most 32 KB",
    });
    // Eight chunks make the cap, the ninth passes it; a few more may sit in the runtime's pipes, not 1000.
    expect(stats.pulls).toBeGreaterThanOrEqual(LIMIT / CHUNK);
    expect(stats.pulls).toBeLessThan(20);
  });

  it("refuse a chunked form post past 32 KB the same way", async () => {
    const res = await postStream(
      trickle(`name=Dana&message=${"x".repeat(LIMIT)}`, 1024),
      "application/x-www-form-urlencoded",
    );
    expect(res.status).toBe(413);
    expect((await envelopeError(res)).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("accept a chunked body within the cap, however finely it is split", async () => {
    const values = await signedPerson();
    const res = await postStream(trickle(JSON.stringify(values)));
    expect(res.status).toBe(202);
    const body = (await res.json()) as { data: { submissionId: string; status: string } };
    expect(body.data).toEqual({ submissionId: values.submission_id, status: "accepted" });

    const exact = JSON.stringify(await signedPerson({ referrer: "" }));
    const padded = `${exact.slice(0, -1)}${" ".repeat(LIMIT - exact.length)}}`;
    expect(new TextEncoder().encode(padded).byteLength).toBe(LIMIT);
    expect((await postStream(trickle(padded, 1000))).status).toBe(202);
    const over = `${exact.slice(0, -1)}${" ".repeat(LIMIT - exact.length + 1)}}`;
    expect((await postStream(trickle(over, 1000))).status).toBe(413);
  });
});

describe("deeply nested JSON", () => {
  it("is refused or accepted, never a 5xx, in a known or an unknown field", async () => {
    const deep = (kind: "array" | "object", n: number) =>
      kind === "array" ? `${"[".repeat(n)}1${"]".repeat(n)}` : `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
    // 5,000 levels of objects pass the 32 KB cap; 5,000 of arrays, and 16,000 (the cap's worth), do not.
    for (const [kind, n] of [
      ["array", 5_000],
      ["array", 16_000],
      ["object", 5_000],
      ["object", 6_000],
    ] as const) {
      for (const field of ["message", "not_a_field"]) {
        const body = `${JSON.stringify(await signedPerson()).slice(0, -1)},${JSON.stringify(field)}:${deep(kind, n)}}`;
        const res = await SELF.fetch(`${WORKER}/f/demo`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Origin: DEMO_ORIGIN, "CF-Connecting-IP": visitor() },
          body,
        });
        const what = `${kind} ${n} in ${field}`;
        expect(res.status, what).toBeLessThan(500);
        if (body.length > LIMIT) expect(res.status, what).toBe(413);
        else if (field === "message") expect(res.status, what).toBe(400);
        else expect(res.status, what).toBe(202);
      }
    }
  });
});
