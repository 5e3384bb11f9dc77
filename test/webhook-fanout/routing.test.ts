import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDestinations } from "../../workers/webhook-fanout/src/config/destinations";
import { conditionHolds, eventMatches, routeEvent } from "../../workers/webhook-fanout/src/routing/route-event";

const DESTINATIONS = parseDestinations(
  JSON.stringify([
    { id: "all", type: "slack", urlSecret: "A", events: ["*"] },
    { id: "leads", type: "teams", urlSecret: "B", events: ["lead.*"] },
    {
      id: "zillow",
      type: "discord",
      urlSecret: "C",
      events: ["lead.created"],
      conditions: [{ field: "source", equals: "Zillow" }],
    },
    { id: "status", type: "slack", urlSecret: "D", events: ["*.status_changed"] },
    { id: "off", type: "slack", urlSecret: "E", events: ["*"], enabled: false },
    {
      id: "hot",
      type: "http",
      urlSecret: "F",
      signingSecret: "G",
      events: ["lead.created", "lead.updated"],
      conditions: [
        { field: "status", oneOf: ["new", "hot"] },
        { field: "notes", contains: "cash" },
      ],
    },
  ]),
);
const ids = (name: string, data: unknown) => routeEvent({ name, data }, DESTINATIONS).map((d) => d.id);

describe("routing", () => {
  it("matches exact names and wildcards, conditions on data, and skips disabled destinations", () => {
    expect(ids("lead.created", { source: "Zillow", status: "new", notes: "Paying CASH" })).toEqual([
      "all",
      "leads",
      "zillow",
      "hot",
    ]);
    expect(ids("lead.created", { source: "zillow" })).toEqual(["all", "leads"]); // equals is exact
    expect(ids("escrow.status_changed", {})).toEqual(["all", "status"]);
    expect(ids("listing.status_changed", {})).toEqual(["all", "status"]);
    expect(ids("care_status.flagged", { level: 2 })).toEqual(["all"]); // unknown events route by the rules
    expect(ids("leads.created", {})).toEqual(["all"]); // lead.* is not leads.*
  });

  it("conditions read dotted paths, and a missing field satisfies nothing but equals null", () => {
    expect(conditionHolds({ field: "address.city", equals: "Tehachapi" }, { address: { city: "Tehachapi" } })).toBe(
      true,
    );
    expect(conditionHolds({ field: "address.city", equals: "Tehachapi" }, { address: "Tehachapi" })).toBe(false);
    expect(conditionHolds({ field: "missing", equals: null }, {})).toBe(true);
    expect(conditionHolds({ field: "missing", oneOf: ["a"] }, {})).toBe(false);
    expect(conditionHolds({ field: "tags", contains: "VIP" }, { tags: ["vip", "buyer"] })).toBe(true);
    expect(conditionHolds({ field: "tags", contains: "vi" }, { tags: ["vip"] })).toBe(false); // elements match whole
    expect(conditionHolds({ field: "price", equals: 425000 }, { price: 425000 })).toBe(true);
    expect(conditionHolds({ field: "price", equals: "425000" }, { price: 425000 })).toBe(false);
    expect(conditionHolds({ field: "x", contains: "a" }, null)).toBe(false);
  });

  it("`*` matches every name; a pattern without `*` matches only itself; regex characters are literal (property)", () => {
    const name = fc.stringMatching(/^[a-z_]{1,12}\.[a-z_]{1,12}$/);
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(eventMatches("*", a)).toBe(true);
        expect(eventMatches(a, b)).toBe(a === b);
        expect(eventMatches(`${a.split(".")[0]}.*`, a)).toBe(true);
      }),
    );
    expect(eventMatches("lead.*", "leadXcreated")).toBe(false);
    expect(eventMatches("lead.*", "lead.")).toBe(true);
  });
});
