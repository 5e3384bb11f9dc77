import { createMimeMessage } from "mimetext/browser";

/** A rendered digest, as both providers take it. */
export interface OutgoingEmail {
  from: string;
  to: string;
  /** The recipient's display name, for the To: header. */
  toName: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers: List-Unsubscribe and List-Unsubscribe-Post. */
  headers: Record<string, string>;
}

/** `Name <addr>` or a bare address, as in EMAIL_FROM. */
export function parseMailbox(value: string): { name?: string; addr: string } {
  const m = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(value);
  if (m?.[2]) return m[1] ? { name: m[1].replace(/^"|"$/g, ""), addr: m[2] } : { addr: m[2] };
  return { addr: value.trim() };
}

/** UTF-8 bytes as base64 in 76-character lines (RFC 2045), so no body line is too long and any text is safe. */
function base64Lines(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return (btoa(binary).match(/.{1,76}/g) ?? []).join("\r\n");
}

/**
 * The raw RFC 5322 message for the `send_email` binding: multipart/alternative
 * with the text part first (clients show the last part they can render),
 * both base64 in UTF-8, a Message-ID derived from the occurrence (the same
 * digest always has the same id), and the unsubscribe headers.
 */
export function buildMime(email: OutgoingEmail, messageId: string, date: Date): string {
  const msg = createMimeMessage();
  msg.setSender(parseMailbox(email.from));
  msg.setRecipient({ name: email.toName, addr: email.to });
  msg.setSubject(email.subject);
  msg.setHeader("Date", date.toUTCString().replace("GMT", "+0000"));
  msg.setHeader("Message-ID", messageId);
  for (const [name, value] of Object.entries(email.headers)) msg.setHeader(name, value);
  msg.addMessage({ contentType: "text/plain", charset: "UTF-8", encoding: "base64", data: base64Lines(email.text) });
  msg.addMessage({ contentType: "text/html", charset: "UTF-8", encoding: "base64", data: base64Lines(email.html) });
  return msg.asRaw();
}

/** `<escrow-digest.<hex>@<sender domain>>`: stable per occurrence key. */
export async function messageIdFor(occurrence: string, from: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(occurrence));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const domain = parseMailbox(from).addr.split("@")[1] ?? "localhost";
  return `<escrow-digest.${hex.slice(0, 32)}@${domain}>`;
}
