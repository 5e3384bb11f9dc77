import { describe, expect, it } from "vitest";
import { eventSpec } from "../../workers/bridge/src/event-log/catalog";
import { flatten, itemsJson, toItem } from "../../workers/bridge/src/triggers/items";

const row = (data: unknown) => ({
  cursor: 42,
  event: "lead.updated",
  record_id: "rec-1",
  occurred_at_ms: Date.parse("2026-07-15T14:32:10.000Z"),
  data: JSON.stringify(data),
});

describe("trigger items", () => {
  it("flattens nested objects to parent__child, arrays to JSON text, booleans to text, anything else to null", () => {
    const spec = eventSpec("lead.updated");
    if (!spec) throw new Error("no lead.updated");
    const item = toItem(
      spec,
      row({
        id: "rec-1",
        name: "Ana",
        address: { city: "Tehachapi", geo: { lat: 35.1, id: "g1" } },
        tags: ["a", 1],
        vip: true,
        score: 7,
        gone: null,
      }),
    );
    expect(item).toEqual({
      id: "rec-1:1784125930000",
      cursor: "42",
      event: "lead.updated",
      occurred_at: "2026-07-15T14:32:10.000Z",
      record_id: "rec-1",
      name: "Ana",
      address__city: "Tehachapi",
      address__geo__lat: 35.1,
      address__geo__id: "g1",
      tags: '["a",1]',
      vip: "true",
      score: 7,
      gone: null,
    });
  });

  it("keeps a record's top-level id out of the item (it is record_id), and flatten keeps every key", () => {
    const spec = eventSpec("lead.created");
    if (!spec) throw new Error("no lead.created");
    expect(toItem(spec, row({ id: "other", name: "B" })).id).toBe("rec-1");
    expect(flatten({ id: "x", a: { id: "y" } })).toEqual({ id: "x", a__id: "y" });
    expect(flatten({ b: { c: false } }, "p")).toEqual({ p__b__c: "false" });
  });

  it("answers a poll's JSON as the items would serialise, and re-shapes a row whose content differs under a known cursor", () => {
    const spec = eventSpec("lead.updated");
    if (!spec) throw new Error("no lead.updated");
    const rows = [
      row({ id: "rec-1", name: "Ana" }),
      { ...row({ id: "rec-2", name: "Bo" }), cursor: 41, record_id: "rec-2" },
    ];
    const expected = JSON.stringify(rows.map((r) => toItem(spec, r)));
    expect(itemsJson(spec, rows)).toBe(expected);
    expect(itemsJson(spec, rows)).toBe(expected); // from the kept text
    // The same cursor with other content (a log recreated in a live isolate) is never answered from the old text.
    const changed = [{ ...rows[0], data: JSON.stringify({ id: "rec-1", name: "Eve" }) }] as typeof rows;
    expect(JSON.parse(itemsJson(spec, changed))[0].name).toBe("Eve");
    expect(itemsJson(spec, [])).toBe("[]");
  });
});
