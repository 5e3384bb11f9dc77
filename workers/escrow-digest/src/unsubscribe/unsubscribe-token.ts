/**
 * RFC 8058 one-click unsubscribe tokens: `<payload>.<mac>`, both base64url,
 * where the payload names the recipient and an expiry and the MAC is
 * HMAC-SHA-256 under the UNSUBSCRIBE_SECRET Worker secret. Verification uses
 * `crypto.subtle.verify`, which compares in constant time.
 */

const encoder = new TextEncoder();

function b64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromB64url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  try {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

/** How long a link in a sent digest keeps working: long enough for an old email, short enough to age out. */
export const TOKEN_LIFETIME_MS = 180 * 86_400_000;

export async function signUnsubscribe(secret: string, email: string, expiresAtMs: number): Promise<string> {
  const payload = encoder.encode(JSON.stringify({ e: email.toLowerCase(), x: Math.floor(expiresAtMs / 1000) }));
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), payload));
  return `${b64url(payload)}.${b64url(mac)}`;
}

export type TokenCheck = { ok: true; email: string } | { ok: false; reason: "malformed" | "forged" | "expired" };

/** Checks the MAC first (a forged token learns nothing), then the expiry against the injected clock. */
export async function verifyUnsubscribe(secret: string, token: string, nowMs: number): Promise<TokenCheck> {
  const [p, m, extra] = token.split(".");
  const payload = p ? fromB64url(p) : null;
  const mac = m ? fromB64url(m) : null;
  if (!payload || !mac || extra !== undefined || token.length > 1024) return { ok: false, reason: "malformed" };
  if (!(await crypto.subtle.verify("HMAC", await hmacKey(secret), mac, payload)))
    return { ok: false, reason: "forged" };
  let claims: { e?: unknown; x?: unknown };
  try {
    claims = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof claims.e !== "string" || typeof claims.x !== "number") return { ok: false, reason: "malformed" };
  if (claims.x * 1000 <= nowMs) return { ok: false, reason: "expired" };
  return { ok: true, email: claims.e };
}
