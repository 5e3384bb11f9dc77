// findLeadOf against an in-memory list (newest first), for what the sandbox cannot easily stage.
import { describe, expect, it } from "vitest";
import { findLeadOf } from "../../workers/lead-intake/src/delivery/find-lead";

type Lead = { id: string; notes: string | null; created_at: string };
const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();

/** A LeadsApi whose list pages `leads()` (read at each call, so it may change between calls). */
function fakeLeads(leads: () => Lead[], ignorePage = false) {
  const pages: number[] = [];
  const api = {
    list: async ({ limit = 25, page = 1 }: { limit?: number; page?: number }) => {
      pages.push(page);
      const from = ((ignorePage ? 1 : page) - 1) * limit;
      return { leads: leads().slice(from, from + limit) };
    },
  };
  return { api: api as never, pages };
}

/** `n` leads, newest first, the one at `offset` (if any) made for submission `s`. */
const list = (n: number, offset = -1, start = 0): Lead[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `lead-${start + n - i}`,
    notes: i === offset ? "Submission s." : "other",
    created_at: at(start + n - i),
  }));

describe("findLeadOf", () => {
  it("goes on past a deleted top lead, finding where it stood by time and reading a little before", async () => {
    let leads = list(400, 350);
    const first = fakeLeads(() => leads);
    const r1 = await findLeadOf(first.api, "s", 0, null, 2);
    expect(r1.kind).toBe("incomplete");
    const progress = r1.kind === "incomplete" ? r1.progress : null;
    // The top lead and 5 others of the first page are deleted; nothing new came.
    leads = leads.filter((_, i) => i >= 6);
    const second = fakeLeads(() => leads);
    const r2 = await findLeadOf(second.api, "s", 0, progress, 2);
    expect(second.pages).toEqual([1, 2]); // 194 down, minus 10 of overlap: page 2 again, not page 3
    expect(r2.kind).toBe("incomplete");
    // Then on from 200 down: page 1 for anything new, pages 3 and 4, where the lead now is (344th).
    const third = fakeLeads(() => leads);
    expect(await findLeadOf(third.api, "s", 0, r2.kind === "incomplete" ? r2.progress : null, 3)).toEqual({
      kind: "found",
      leadId: "lead-50",
    });
    expect(third.pages).toEqual([1, 3, 4]);
  });

  it("stops when the server ignores `page`, instead of reading the same page forever", async () => {
    const fake = fakeLeads(() => list(300), true);
    const r = await findLeadOf(fake.api, "s", 0, null, 10);
    expect(r.kind).toBe("absent");
    expect(fake.pages).toEqual([1, 2]);
  });

  it("is done at once when an earlier search reached the end and nothing newer holds the lead", async () => {
    let leads = list(150);
    const first = await findLeadOf(fakeLeads(() => leads).api, "s", 0, null, 10);
    expect(first.kind).toBe("absent");
    leads = [...list(20, -1, 1000), ...leads];
    const fake = fakeLeads(() => leads);
    const again = await findLeadOf(fake.api, "s", 0, first.kind === "absent" ? first.progress : null, 10);
    expect(again.kind).toBe("absent");
    expect(fake.pages).toEqual([1]);
  });
});
