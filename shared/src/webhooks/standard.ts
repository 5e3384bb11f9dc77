import { timingSafeEqual } from "../timing-safe-equal";

/**
 * Standard Webhooks v1 (standardwebhooks.com): `webhook-id`, `webhook-timestamp`
 * (seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`,
 * keyed by the base64 part of a `whsec_` secret. Web Crypto does the HMAC, so
 * none of the reference library's JavaScript SHA-256 ships in a worker; the
 * tests check our output with that library.
 */
export const STANDARD_SECRET_PREFIX = "whsec_";

const encoder = new TextEncoder();
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The three headers of one signed attempt. */
export interface StandardWebhookHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** Whether `secret` is a usable `whsec_` secret: base64 of at least 24 bytes (the library's own minimum is any). */
export function isStandardSecret(secret: string): boolean {
  if (!secret.startsWith(STANDARD_SECRET_PREFIX)) return false;
  const b64 = secret.slice(STANDARD_SECRET_PREFIX.length);
  return BASE64.test(b64) && atob(b64).length >= 24;
}

function keyBytes(secret: string): Uint8Array {
  const b64 = secret.startsWith(STANDARD_SECRET_PREFIX) ? secret.slice(STANDARD_SECRET_PREFIX.length) : secret;
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

async function signature(secret: string, id: string, timestamp: string, payload: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", keyBytes(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`${id}.${timestamp}.${payload}`)));
  return btoa(String.fromCharCode(...mac));
}

/**
 * Signs one attempt. `id` must stay the same across retries and replays of one
 * message (receivers de-duplicate on it); `timestampSeconds` is the attempt's.
 */
export async function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  payload: string,
): Promise<StandardWebhookHeaders> {
  const timestamp = String(Math.floor(timestampSeconds));
  return {
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${await signature(secret, id, timestamp, payload)}`,
  };
}

/**
 * Verifies a Standard Webhooks request: any `v1,` signature in the
 * space-separated list may match (senders rotating keys send several), and the
 * timestamp must be within `toleranceSeconds` of `nowSeconds` either way.
 */
export async function verifyStandardWebhook(
  secret: string,
  headers: Headers,
  payload: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): Promise<boolean> {
  const id = headers.get("webhook-id");
  const timestamp = headers.get("webhook-timestamp");
  const signatures = headers.get("webhook-signature");
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = await signature(secret, id, timestamp, payload);
  let ok = false;
  for (const entry of signatures.split(" ")) {
    const [version, value] = entry.split(",", 2);
    if (version === "v1" && value !== undefined && timingSafeEqual(value, expected)) ok = true;
  }
  return ok;
}
