import { isStandardSecret, signStandardWebhook, verifyStandardWebhook } from "@actuallycare/shared/webhooks/standard";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";

// 32 random bytes, base64: a secret in the format Standard Webhooks' own tooling generates.
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwQ1VJfrjsoVM=";
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("Standard Webhooks signing", () => {
  it("produces headers the standardwebhooks library verifies", async () => {
    const payload = '{"event":"lead.created","data":{"name":"Rachel Kim"}}';
    const headers = await signStandardWebhook(SECRET, "evt_0123abcd", nowSeconds(), payload);
    expect(headers["webhook-id"]).toBe("evt_0123abcd");
    expect(headers["webhook-timestamp"]).toMatch(/^\d{10}$/);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(SECRET).verify(payload, { ...headers })).toEqual(JSON.parse(payload));
    // The library signs the same bytes to the same value.
    const date = new Date(Number(headers["webhook-timestamp"]) * 1000);
    expect(new Webhook(SECRET).sign("evt_0123abcd", date, payload)).toBe(headers["webhook-signature"]);
  });

  it("is refused by the library for another secret, another body, another id", async () => {
    const payload = '{"a":1}';
    const headers = await signStandardWebhook(SECRET, "evt_1", nowSeconds(), payload);
    const other = new Webhook("whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXkgMzI=");
    expect(() => other.verify(payload, { ...headers })).toThrow();
    expect(() => new Webhook(SECRET).verify('{"a":2}', { ...headers })).toThrow();
    expect(() => new Webhook(SECRET).verify(payload, { ...headers, "webhook-id": "evt_2" })).toThrow();
  });

  it("verifies its own output, any listed v1 signature, and refuses old timestamps", async () => {
    const payload = "{}";
    const now = nowSeconds();
    const h = await signStandardWebhook(SECRET, "evt_9", now, payload);
    expect(await verifyStandardWebhook(SECRET, new Headers({ ...h }), payload, now)).toBe(true);
    const listed = new Headers({ ...h, "webhook-signature": `v1,AAAA ${h["webhook-signature"]}` });
    expect(await verifyStandardWebhook(SECRET, listed, payload, now)).toBe(true);
    expect(await verifyStandardWebhook(SECRET, new Headers({ ...h }), payload, now + 301)).toBe(false);
    expect(await verifyStandardWebhook(SECRET, new Headers({ ...h }), "{ }", now)).toBe(false);
    const v2 = new Headers({ ...h, "webhook-signature": h["webhook-signature"].replace("v1,", "v2,") });
    expect(await verifyStandardWebhook(SECRET, v2, payload, now)).toBe(false);
  });

  it("signs any payload and id so that the library verifies it (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "grapheme", maxLength: 400 }),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        async (text, id) => {
          const payload = JSON.stringify({ text });
          const headers = await signStandardWebhook(SECRET, id, nowSeconds(), payload);
          expect(new Webhook(SECRET).verify(payload, { ...headers })).toEqual({ text });
        },
      ),
      { numRuns: 100 },
    );
  });

  it("tells a usable whsec_ secret from anything else", () => {
    expect(isStandardSecret(SECRET)).toBe(true);
    expect(isStandardSecret(SECRET.slice("whsec_".length))).toBe(false);
    expect(isStandardSecret("whsec_short")).toBe(false);
    expect(isStandardSecret("whsec_not base64 at all, sorry!!")).toBe(false);
    expect(isStandardSecret("whsec_AAAA")).toBe(false); // 3 bytes
  });
});
