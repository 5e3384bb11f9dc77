/**
 * Deterministic ids (spec §4.10): the n-th id after a reset is always the same,
 * so fixtures and test expectations are stable. A 128-bit value from a counter
 * through splitmix64, shaped as a v4 UUID.
 */
export function uuidFromCounter(n: number, salt = 0x5a4d): string {
  const a = splitmix64(BigInt(n) * 2n + BigInt(salt));
  const b = splitmix64(BigInt(n) * 2n + 1n + BigInt(salt));
  const hex = (a.toString(16).padStart(16, "0") + b.toString(16).padStart(16, "0")).split("");
  hex[12] = "4";
  hex[16] = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function splitmix64(seed: bigint): bigint {
  const mask = (1n << 64n) - 1n;
  let z = (seed + 0x9e3779b97f4a7c15n) & mask;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask;
  return (z ^ (z >> 31n)) & mask;
}

/** `ERR_<epoch-ms>_<6 base36>` (spec §1.4). */
export function errorId(nowMs: number): string {
  const rand = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return `ERR_${nowMs}_${(rand % 36 ** 6).toString(36).padStart(6, "0")}`;
}

export function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
