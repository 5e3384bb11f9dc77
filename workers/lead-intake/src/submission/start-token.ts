import { timingSafeEqual } from "@actuallycare/shared/timing-safe-equal";

/** A form left open longer than this is refused as expired (`FORM_EXPIRED`) and given a fresh token. */
export const START_TOKEN_TTL_MS = 24 * 3_600_000;
/** Isolates' clocks may differ a little: a token this far in the future is still ours. */
const CLOCK_SKEW_MS = 60_000;

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function keyOf(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, key);
  }
  return key;
}

async function mac(secret: string, formId: string, submissionId: string, startedAtMs: number): Promise<string> {
  const input = encoder.encode(`lead-intake start v1\n${formId}\n${submissionId.toLowerCase()}\n${startedAtMs}`);
  const bytes = new Uint8Array(await crypto.subtle.sign("HMAC", await keyOf(secret), input));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * The `started_at` a rendered form carries: `<epoch ms>.<HMAC-SHA256>` over the form id, the submission id and the
 * time, keyed by the `FORM_SIGNING_SECRET` Worker secret, so the time-to-submit check rests on the server's clock,
 * not on what a client says.
 */
export async function issueStartToken(
  secret: string,
  formId: string,
  submissionId: string,
  startedAtMs: number,
): Promise<string> {
  return `${startedAtMs}.${await mac(secret, formId, submissionId, startedAtMs)}`;
}

export type StartCheck = { ok: true; startedAtMs: number } | { ok: false; reason: "missing" | "forged" | "expired" };

/** Reads a `started_at` token back: ours, for this form and submission id, and not expired. */
export async function readStartToken(
  secret: string,
  formId: string,
  submissionId: unknown,
  token: unknown,
  nowMs: number,
): Promise<StartCheck> {
  if (typeof token !== "string" || token === "") return { ok: false, reason: "missing" };
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match || typeof submissionId !== "string" || submissionId.length > 100) return { ok: false, reason: "forged" };
  const startedAtMs = Number(match[1]);
  const expected = await mac(secret, formId, submissionId, startedAtMs);
  if (!timingSafeEqual(expected, match[2] ?? "") || startedAtMs > nowMs + CLOCK_SKEW_MS) {
    return { ok: false, reason: "forged" };
  }
  if (nowMs - startedAtMs > START_TOKEN_TTL_MS) return { ok: false, reason: "expired" };
  return { ok: true, startedAtMs };
}
