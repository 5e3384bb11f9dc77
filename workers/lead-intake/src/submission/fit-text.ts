/** The mark a shortened text ends with. */
export const ELLIPSIS = "…";

/**
 * `text` if it fits in `max` UTF-16 code units (what the API counts), else cut to fit with `…` at the end. The cut
 * never splits a surrogate pair (an emoji stays whole or goes) and drops the spaces before the ellipsis.
 */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return "";
  let end = max - ELLIPSIS.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, Math.max(0, end)).trimEnd()}${ELLIPSIS}`;
}
