import { EmailMessage } from "cloudflare:email";
import { buildMime, messageIdFor, type OutgoingEmail, parseMailbox } from "../render/build-mime";
import { type EmailProvider, SendError } from "./email-provider";

/** The binding's refusals that no retry fixes: an address it may not send to or from, a message it cannot parse. */
const PERMANENT = /not allowed|not verified|invalid|could not parse|does not match|unknown recipient|destination/i;

/**
 * Cloudflare's `send_email` binding, given the raw MIME message. It has no
 * idempotency key, so a crash during the call leaves the outcome unknown
 * (the ledger then records OUTCOME_UNKNOWN instead of risking a second email).
 */
export function sendEmailProvider(binding: SendEmail, now: () => number = Date.now): EmailProvider {
  return {
    name: "send_email",
    idempotent: false,
    async send(email: OutgoingEmail, key: string) {
      const from = parseMailbox(email.from).addr;
      const raw = buildMime(email, await messageIdFor(key, email.from), new Date(now()));
      try {
        const result = await binding.send(new EmailMessage(from, email.to, raw));
        return { id: result?.messageId ?? "" };
      } catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 300);
        throw new SendError(
          PERMANENT.test(message),
          PERMANENT.test(message) ? "EMAIL_REFUSED" : "EMAIL_FAILED",
          message,
        );
      }
    },
  };
}
