/** Text helpers every formatter shares: clamping that never splits a character, and display values. */

/** What a clamped value ends with, so a reader knows there was more. */
export const OVERFLOW_MARKER = "…";

/** The longest prefix of `s` (by code points) whose escaped form, plus the marker, fits in `max` code units. */
export function fitEscaped(s: string, max: number, esc: (s: string) => string = (x) => x): string {
  const whole = esc(s);
  if (whole.length <= max) return whole;
  const points = Array.from(s);
  let lo = 0;
  let hi = points.length;
  // Escaping only ever lengthens a prefix, so the fitting prefixes are an initial run: binary search for its end.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (esc(points.slice(0, mid).join("")).length + OVERFLOW_MARKER.length <= max) lo = mid;
    else hi = mid - 1;
  }
  return max < OVERFLOW_MARKER.length ? "" : `${esc(points.slice(0, lo).join(""))}${OVERFLOW_MARKER}`;
}

/** `first_name` → `First name`. */
export function humanise(key: string): string {
  const words = key.replace(/[_.-]+/g, " ").trim();
  return words ? words[0]?.toUpperCase() + words.slice(1) : key;
}

/** A CRM value as a reader sees it: text as is, numbers and booleans written out, objects as compact JSON. */
export function display(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return null;
  }
}

/** Whole dollars (spec §1.8) as `$425,000`. */
export function dollars(value: unknown): string | null {
  return typeof value === "number" && Number.isFinite(value)
    ? new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(value)
    : display(value);
}

/** An ISO time in the reader's zone, e.g. `Wed, Jul 15, 2:30 PM PDT`; the raw value when it is not a time. */
export function localTime(value: unknown, timeZone: string): string | null {
  if (typeof value !== "string") return display(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return display(value);
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(ms);
}

/** `under_contract` → `under contract`: status values read as words. */
export function statusWords(value: unknown): string | null {
  const s = display(value);
  return s === null ? null : s.replace(/_/g, " ");
}
