import { describe, expect, it } from "vitest";
import { signUnsubscribe, verifyUnsubscribe } from "../../workers/escrow-digest/src/unsubscribe/unsubscribe-token";

const SECRET = "unsubscribe-secret-for-tests-0123456789";
const NOW = Date.parse("2026-07-01T16:00:00Z");

describe("unsubscribe tokens", () => {
  it("verify for the address they were made for, until they expire", async () => {
    const token = await signUnsubscribe(SECRET, "Jordan.Lee@example.com", NOW + 1000);
    expect(await verifyUnsubscribe(SECRET, token, NOW)).toEqual({ ok: true, email: "jordan.lee@example.com" });
    expect(await verifyUnsubscribe(SECRET, token, NOW + 1000)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuse forged tokens: another secret, an edited payload, a swapped MAC", async () => {
    const token = await signUnsubscribe(SECRET, "jordan.lee@example.com", NOW + 86_400_000);
    expect(await verifyUnsubscribe(`${SECRET}x`, token, NOW)).toEqual({ ok: false, reason: "forged" });
    const [payload, mac] = token.split(".") as [string, string];
    const other = await signUnsubscribe(SECRET, "maria.alvarez@example.com", NOW + 86_400_000);
    const forgedPayload = btoa(JSON.stringify({ e: "maria.alvarez@example.com", x: 9_999_999_999 }))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    expect(await verifyUnsubscribe(SECRET, `${forgedPayload}.${mac}`, NOW)).toEqual({ ok: false, reason: "forged" });
    expect(await verifyUnsubscribe(SECRET, `${payload}.${other.split(".")[1]}`, NOW)).toEqual({
      ok: false,
      reason: "forged",
    });
  });

  it("refuse malformed tokens", async () => {
    for (const bad of ["", "abc", "a.b.c", "!!.??", `${"a".repeat(2000)}.b`]) {
      expect((await verifyUnsubscribe(SECRET, bad, NOW)).ok, bad).toBe(false);
    }
  });
});
