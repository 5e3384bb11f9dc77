import { AppError } from "@actuallycare/shared/app-error";
import { signWebhookBody } from "@actuallycare/shared/webhook-signature";
import {
  type ActuallyCareVerifyOptions,
  refusalError,
  sha256Hex,
  verifyActuallyCareWebhook,
} from "@actuallycare/shared/webhooks/actuallycare";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const SECRET = "current-secret-2026";
const PREVIOUS = "previous-secret-2025";
const NOW = Date.parse("2026-07-15T14:40:00.000Z");
const MINUTE = 60_000;
const OPTIONS: ActuallyCareVerifyOptions = {
  secrets: [SECRET],
  now: NOW,
  maxAgeMs: 30 * MINUTE,
  maxFutureMs: 5 * MINUTE,
};
const enc = new TextEncoder();

function body(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    event: "lead.created",
    timestamp: "2026-07-15T14:32:10.000Z",
    data: { id: "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b", name: "Rachel Kim", source: "Website Form" },
    team_id: "0b7e5f1c-2d3a-4b5c-8d9e-0f1a2b3c4d5e",
    ...overrides,
  });
}

async function signed(raw: string, secret = SECRET, event = JSON.parse(raw).event as string) {
  return new Headers({
    "Content-Type": "application/json",
    "X-Webhook-Event": event,
    "X-Webhook-Timestamp": "2026-07-15T14:32:10.000Z",
    "X-Webhook-Signature": await signWebhookBody(secret, raw),
  });
}

const verify = (raw: string | Uint8Array, headers: Headers, options = OPTIONS) =>
  verifyActuallyCareWebhook(typeof raw === "string" ? enc.encode(raw) : raw, headers, options);

const codeOf = (r: Awaited<ReturnType<typeof verify>>) => (r.ok ? "OK" : r.refusal.code);

describe("verifyActuallyCareWebhook", () => {
  it("accepts a valid delivery and derives the event id from the signed bytes", async () => {
    const raw = body();
    const r = await verify(raw, await signed(raw));
    if (!r.ok) throw new Error(r.refusal.code);
    expect(r.event.name).toBe("lead.created");
    expect(r.event.timestamp).toBe("2026-07-15T14:32:10.000Z");
    expect(r.event.data).toMatchObject({ name: "Rachel Kim" });
    expect(r.event.body.team_id).toBe("0b7e5f1c-2d3a-4b5c-8d9e-0f1a2b3c4d5e");
    expect(r.event.id).toMatch(/^[0-9a-f]{64}$/);
    expect(r.event.id).toBe(await sha256Hex(enc.encode(raw)));
    // A retry (same bytes) has the same id; another event has another.
    const again = await verify(raw, await signed(raw));
    expect(again.ok && again.event.id).toBe(r.event.id);
    const other = body({ timestamp: "2026-07-15T14:32:11.000Z" });
    const third = await verify(other, await signed(other));
    expect(third.ok && third.event.id).not.toBe(r.event.id);
  });

  it("refuses a tampered body, a wrong secret, a tampered or missing signature header", async () => {
    const raw = body();
    const headers = await signed(raw);
    expect(codeOf(await verify(raw.replace("Rachel", "Rachal"), headers))).toBe("SIGNATURE_INVALID");
    expect(codeOf(await verify(raw, await signed(raw, "someone-elses-secret")))).toBe("SIGNATURE_INVALID");
    const tampered = new Headers(headers);
    const sig = headers.get("X-Webhook-Signature") as string;
    tampered.set("X-Webhook-Signature", `${sig.slice(0, -1)}${sig.endsWith("0") ? "1" : "0"}`);
    expect(codeOf(await verify(raw, tampered))).toBe("SIGNATURE_INVALID");
    const bare = new Headers(headers);
    bare.set("X-Webhook-Signature", sig.slice("sha256=".length));
    expect(codeOf(await verify(raw, bare))).toBe("SIGNATURE_INVALID");
    const missing = new Headers(headers);
    missing.delete("X-Webhook-Signature");
    expect(codeOf(await verify(raw, missing))).toBe("SIGNATURE_REQUIRED");
    // No secret configured accepts nothing.
    expect(codeOf(await verify(raw, headers, { ...OPTIONS, secrets: [undefined, ""] }))).toBe("SIGNATURE_INVALID");
  });

  it("accepts the old and the new secret during a rotation, and only the configured ones", async () => {
    const raw = body();
    const rotating = { ...OPTIONS, secrets: [SECRET, PREVIOUS] };
    expect(codeOf(await verify(raw, await signed(raw, SECRET), rotating))).toBe("OK");
    expect(codeOf(await verify(raw, await signed(raw, PREVIOUS), rotating))).toBe("OK");
    expect(codeOf(await verify(raw, await signed(raw, PREVIOUS), OPTIONS))).toBe("SIGNATURE_INVALID");
    expect(codeOf(await verify(raw, await signed(raw, "third-secret-000"), rotating))).toBe("SIGNATURE_INVALID");
  });

  it("refuses a body whose event differs from X-Webhook-Event (a tampered header)", async () => {
    const raw = body();
    expect(codeOf(await verify(raw, await signed(raw, SECRET, "lead.deleted")))).toBe("EVENT_MISMATCH");
    const none = await signed(raw);
    none.delete("X-Webhook-Event");
    expect(codeOf(await verify(raw, none))).toBe("EVENT_MISMATCH");
  });

  it("refuses stale and future timestamps, judged by the signed body, and accepts the whole retry span", async () => {
    const at = (offsetMs: number) => body({ timestamp: new Date(NOW + offsetMs).toISOString() });
    for (const [offset, expected] of [
      [-21 * MINUTE, "OK"], // ActuallyCare's last retry
      [-30 * MINUTE, "OK"],
      [-30 * MINUTE - 1, "TIMESTAMP_OUT_OF_RANGE"],
      [-24 * 60 * MINUTE, "TIMESTAMP_OUT_OF_RANGE"],
      [5 * MINUTE, "OK"],
      [5 * MINUTE + 1, "TIMESTAMP_OUT_OF_RANGE"],
      [365 * 24 * 60 * MINUTE, "TIMESTAMP_OUT_OF_RANGE"],
    ] as const) {
      const raw = at(offset);
      expect([offset, codeOf(await verify(raw, await signed(raw)))]).toEqual([offset, expected]);
    }
    // The unsigned header cannot make a stale event fresh.
    const stale = at(-2 * 60 * MINUTE);
    const headers = await signed(stale);
    headers.set("X-Webhook-Timestamp", new Date(NOW).toISOString());
    expect(codeOf(await verify(stale, headers))).toBe("TIMESTAMP_OUT_OF_RANGE");
  });

  it("refuses signed bodies that are not JSON, not an object, or lack the event fields", async () => {
    for (const [raw, code] of [
      ["{not json", "INVALID_JSON"],
      ["[1,2]", "INVALID_EVENT"],
      ['"lead.created"', "INVALID_EVENT"],
      [JSON.stringify({ event: "lead.created" }), "INVALID_EVENT"],
      [JSON.stringify({ event: "lead.created", timestamp: "yesterday" }), "INVALID_EVENT"],
      [JSON.stringify({ event: "", timestamp: "2026-07-15T14:32:10.000Z" }), "INVALID_EVENT"],
    ] as const) {
      expect([raw, codeOf(await verify(raw, await signed(raw, SECRET, "lead.created")))]).toEqual([raw, code]);
    }
    const invalidUtf8 = new Uint8Array([0x7b, 0xff, 0x7d]);
    const headers = new Headers({
      "X-Webhook-Event": "x.y",
      "X-Webhook-Signature": await signWebhookBody(SECRET, invalidUtf8),
    });
    expect(codeOf(await verify(invalidUtf8, headers))).toBe("INVALID_JSON");
  });

  it("accepts unknown event names and keeps unknown fields", async () => {
    const raw = body({ event: "care_status.flagged", data: { level: 3 }, extra: { nested: true } });
    const r = await verify(raw, await signed(raw));
    expect(r.ok && r.event.name).toBe("care_status.flagged");
    expect(r.ok && r.event.body.extra).toEqual({ nested: true });
  });

  it("accepts no mutation of a signed body (property)", async () => {
    const raw = enc.encode(body());
    const headers = await signed(body());
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          // flip bits of one byte
          fc.record({ kind: fc.constant("flip"), at: fc.nat(raw.length - 1), mask: fc.integer({ min: 1, max: 255 }) }),
          // insert bytes
          fc.record({
            kind: fc.constant("insert"),
            at: fc.nat(raw.length),
            bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
          }),
          // delete a range
          fc.record({
            kind: fc.constant("delete"),
            at: fc.nat(raw.length - 1),
            count: fc.integer({ min: 1, max: 16 }),
          }),
        ),
        async (m) => {
          let mutated: Uint8Array;
          if (m.kind === "flip") {
            mutated = raw.slice();
            mutated[m.at] = (mutated[m.at] as number) ^ m.mask;
          } else if (m.kind === "insert") {
            mutated = new Uint8Array([...raw.slice(0, m.at), ...m.bytes, ...raw.slice(m.at)]);
          } else {
            mutated = new Uint8Array([...raw.slice(0, m.at), ...raw.slice(m.at + m.count)]);
          }
          const r = await verify(mutated, headers);
          expect(codeOf(r)).toBe("SIGNATURE_INVALID");
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("refusalError", () => {
  it("keeps a refusal's own status, code and message unless the worker renames that code", async () => {
    const raw = body();
    const r = await verify(raw, await signed(raw, "not-the-secret"));
    if (r.ok) throw new Error("a wrong secret was accepted");
    const plain = refusalError(r.refusal);
    expect(plain).toBeInstanceOf(AppError);
    expect([plain.status, plain.code, plain.message]).toEqual([401, "SIGNATURE_INVALID", r.refusal.message]);
    const renamed = refusalError(r.refusal, {
      SIGNATURE_INVALID: { status: 401, code: "INVALID_SIGNATURE", message: "No" },
      INVALID_JSON: { status: 400, code: "BAD", message: "Bad" },
    });
    expect([renamed.status, renamed.code, renamed.message]).toEqual([401, "INVALID_SIGNATURE", "No"]);
    const other = refusalError(r.refusal, { INVALID_JSON: { status: 400, code: "BAD", message: "Bad" } });
    expect(other.code).toBe("SIGNATURE_INVALID");
  });
});
