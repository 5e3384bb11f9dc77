import type { OutgoingEmail } from "../render/build-mime";

/** The one interface both senders implement. */
export interface EmailProvider {
  readonly name: "http" | "send_email";
  /**
   * Whether repeating a send with the same key is known not to deliver twice
   * (the HTTP provider's Idempotency-Key). Without it, a crash during the
   * provider call leaves the outcome unknown and the ledger does not resend.
   */
  readonly idempotent: boolean;
  /** Sends one email; `key` is the occurrence key. Throws `SendError` on failure. */
  send(email: OutgoingEmail, key: string): Promise<{ id: string }>;
}

/**
 * A classified send failure. `permanent`: the same request cannot succeed
 * later (bad address, refused sender, bad key): recorded for the operator and
 * not retried. Otherwise it is retried, after `retryAfterSeconds` when known.
 */
export class SendError extends Error {
  constructor(
    readonly permanent: boolean,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "SendError";
  }
}
