import type { Transform } from "../config/recipes";

/** A transform's result: the new value, or why it could not apply. */
export type Transformed = { ok: true; value: unknown } | { ok: false; message: string };

const text = (v: unknown) =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : null;

/** Splits a full name at its last space, as the API does for leads: "Mary Ann Lee" → "Mary Ann" / "Lee". */
function nameParts(full: string): { first: string; last: string } {
  const name = full.trim().replace(/\s+/g, " ");
  const at = name.lastIndexOf(" ");
  return at < 0 ? { first: name, last: "" } : { first: name.slice(0, at), last: name.slice(at + 1) };
}

/** (661) 555-0198 for North American numbers, +<digits> for others; anything else is not a phone number. */
export function normalisePhone(raw: string): string | null {
  const digits = raw.replace(/\D/g, "");
  const international = raw.trim().startsWith("+") && !digits.startsWith("1");
  const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  if (!international && national.length === 10) {
    return `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`;
  }
  if (digits.length >= 7 && digits.length <= 15) return `+${digits}`;
  return null;
}

/** Applies one transform. Values are strings, numbers or booleans from a payload; objects are refused. */
export function applyTransform(transform: Transform, value: unknown): Transformed {
  const s = text(value);
  if (s === null) return { ok: false, message: "Expected text, a number or true/false" };
  switch (transform) {
    case "trim":
      return { ok: true, value: s.trim() };
    case "lowercase":
      return { ok: true, value: s.toLowerCase() };
    case "uppercase":
      return { ok: true, value: s.toUpperCase() };
    case "first_name":
      return { ok: true, value: nameParts(s).first };
    case "last_name":
      return { ok: true, value: nameParts(s).last };
    case "phone": {
      const phone = normalisePhone(s);
      return phone ? { ok: true, value: phone } : { ok: false, message: "Not a phone number" };
    }
    case "number": {
      const cleaned = s.replace(/[$,\s]/g, "");
      const n = /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : Number.NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: "Not a number" };
    }
    case "boolean": {
      const v = s.trim().toLowerCase();
      if (["true", "yes", "y", "1", "on"].includes(v)) return { ok: true, value: true };
      if (["false", "no", "n", "0", "off"].includes(v)) return { ok: true, value: false };
      return { ok: false, message: "Expected yes or no" };
    }
  }
}
