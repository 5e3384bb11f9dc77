import { timingSafeEqual } from "./timing-safe-equal";

const encoder = new TextEncoder();

/** Imported keys by secret: a webhook receiver verifies every request with the same one or two. */
const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= 16) keys.clear();
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, key);
  }
  return key;
}

async function hmacSha256Hex(secret: string, body: Uint8Array): Promise<string> {
  const key = await keyFor(secret);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, body));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function bytesOf(body: string | ArrayBuffer | Uint8Array): Uint8Array {
  if (typeof body === "string") return encoder.encode(body);
  return body instanceof Uint8Array ? body : new Uint8Array(body);
}

/**
 * The `X-Webhook-Signature` value ActuallyCare sends: `sha256=` + lowercase hex
 * HMAC-SHA256 of the raw body, keyed by the subscription secret as UTF-8
 * (API spec §3.3). The timestamp header is not part of the input.
 */
export async function signWebhookBody(secret: string, rawBody: string | ArrayBuffer | Uint8Array): Promise<string> {
  return `sha256=${await hmacSha256Hex(secret, bytesOf(rawBody))}`;
}

/**
 * Verifies a received `X-Webhook-Signature` against the raw body, in constant
 * time. Call it before parsing the body.
 */
export async function verifyWebhookSignature(
  secret: string,
  rawBody: string | ArrayBuffer | Uint8Array,
  header: string | null | undefined,
): Promise<boolean> {
  if (!header) return false;
  return timingSafeEqual(await signWebhookBody(secret, rawBody), header.trim().toLowerCase());
}
