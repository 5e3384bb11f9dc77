/**
 * The ledger's key for one digest: the recipient (normalised, hashed so no
 * address reaches the email provider's logs) and the local date. The same
 * key is the HTTP provider's `Idempotency-Key` (at most 256 characters there).
 */
export async function occurrenceKey(email: string, date: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(email.trim().toLowerCase()));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `escrow-digest/${date}/${hex.slice(0, 32)}`;
}
