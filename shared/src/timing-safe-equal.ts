const encoder = new TextEncoder();

/**
 * Compares two strings (as UTF-8 bytes) in time that depends on their lengths
 * only, never on where they differ: for tokens, signatures and MACs.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
