/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Makes a CRM value safe for the plain-text part: control characters, line
 * and paragraph separators become spaces, so a value can never start a line
 * of its own (a fake link, a fake "Unsubscribe" line) or break the layout.
 */
export function plainText(value: unknown): string {
  return String(value ?? "")
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .trim();
}

/** A link target only when it is http(s); anything else (javascript:, data:) becomes no link. */
export function safeHref(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}
