import { describe, expect, it } from "vitest";
import { contentKey } from "../../workers/lead-intake/src/submission/same-content";

describe("contentKey: what makes a repeated submission id the same submission", () => {
  const base = { submission_id: "a", name: "Dana", email: "dana@example.com", budget: 425000, consent: true };

  it("ignores the id, the start time, absent fields, key order and how consent was ticked", () => {
    const same = { consent: "on", budget: 425000, email: "dana@example.com", name: "Dana", submission_id: "b" };
    expect(contentKey({ ...same, started_at: 5, message: undefined })).toBe(contentKey(base));
    expect(contentKey({ ...base, consent: false })).toBe(contentKey({ ...base, consent: undefined }));
  });

  it("tells apart any other field", () => {
    for (const change of [{ name: "Dane" }, { email: "d@example.com" }, { budget: 425001 }, { message: "hi" }]) {
      expect(contentKey({ ...base, ...change })).not.toBe(contentKey(base));
    }
    expect(contentKey({ ...base, consent: false })).not.toBe(contentKey(base));
  });
});
