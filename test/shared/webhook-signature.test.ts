import { signWebhookBody, verifyWebhookSignature } from "@actuallycare/shared/webhook-signature";
import { describe, expect, it } from "vitest";

// The example body of spec §3.2, signed with the fixture secret. The expected value
// was computed with OpenSSL: printf '%s' "$BODY" | openssl dgst -sha256 -hmac sandbox_whsec_2026
const BODY =
  '{"event":"lead.created","timestamp":"2026-07-15T14:32:10.000Z","data":{"id":"f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b","name":"Rachel Kim","email":"rachel.kim@example.com","phone":"(661) 555-0198","source":"Website Form","status":"new"}}';
const SECRET = "sandbox_whsec_2026";
const EXPECTED = "sha256=d1741812abf94b4a6d8060ac89118922ae6ff089b151f9a1d340c881caf6d016";

describe("webhook signature", () => {
  it("signs the raw body as sha256=<lowercase hex HMAC-SHA256>", async () => {
    expect(await signWebhookBody(SECRET, BODY)).toBe(EXPECTED);
    expect(await signWebhookBody(SECRET, new TextEncoder().encode(BODY))).toBe(EXPECTED);
  });

  it("verifies a good signature, case-insensitively in the hex", async () => {
    expect(await verifyWebhookSignature(SECRET, BODY, EXPECTED)).toBe(true);
    expect(await verifyWebhookSignature(SECRET, BODY, EXPECTED.toUpperCase().replace("SHA256=", "sha256="))).toBe(true);
  });

  it("rejects a changed body, a wrong secret, bare hex and a missing header", async () => {
    expect(await verifyWebhookSignature(SECRET, `${BODY} `, EXPECTED)).toBe(false);
    expect(await verifyWebhookSignature("other_secret_123", BODY, EXPECTED)).toBe(false);
    expect(await verifyWebhookSignature(SECRET, BODY, EXPECTED.slice("sha256=".length))).toBe(false);
    expect(await verifyWebhookSignature(SECRET, BODY, undefined)).toBe(false);
  });
});
