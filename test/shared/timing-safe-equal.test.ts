import { describe, expect, it } from "vitest";
import { timingSafeEqual } from "../../shared/src/timing-safe-equal";

describe("timingSafeEqual", () => {
  it("is true for the same string, false for any difference, prefix or length", () => {
    expect(timingSafeEqual("sha256=ab12", "sha256=ab12")).toBe(true);
    expect(timingSafeEqual("", "")).toBe(true);
    expect(timingSafeEqual("sha256=ab12", "sha256=ab13")).toBe(false);
    expect(timingSafeEqual("sha256=ab12", "sha256=ab1")).toBe(false);
    expect(timingSafeEqual("", "x")).toBe(false);
  });

  it("compares UTF-8 bytes, not UTF-16 units", () => {
    expect(timingSafeEqual("café", "café")).toBe(true);
    expect(timingSafeEqual("café", "cafe")).toBe(false);
  });
});
