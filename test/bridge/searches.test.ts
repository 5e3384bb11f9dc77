import { beforeEach, describe, expect, it } from "vitest";
import { api, bridge, expectError, postIngest, resetAll, signedWebhook } from "./bridge-helpers";

beforeEach(resetAll);

const search = (name: string, query: Record<string, string>) =>
  bridge(`/searches/${name}?${new URLSearchParams(query)}`);

describe("GET /searches/{name}", () => {
  it("finds a contact by email through the API, exact and in any case", async () => {
    const made = await bridge("/actions/create_contact", {
      method: "POST",
      body: {
        first_name: "Rae",
        last_name: "Hill",
        contact_type: "lender",
        email: "rae@lend.example",
        phone: "+1 (661) 555-0101",
      },
    });
    const r = await search("contact_by_email", { email: "RAE@lend.example" });
    expect(r.status).toBe(200);
    expect(r.headers.get("X-Bridge-Search")).toBe("api");
    expect(r.body.map((c: any) => c.id)).toEqual([made.body.id]);
    expect(r.body[0]).toHaveProperty("full_name", "Rae Hill");
    expect((await search("contact_by_email", { email: "ae@lend.example" })).body).toEqual([]);
    const byPhone = await search("contact_by_phone", { phone: "661-555-0101" });
    expect(byPhone.headers.get("X-Bridge-Search")).toBe("scan");
    expect(byPhone.body.map((c: any) => c.id)).toEqual([made.body.id]);
  });

  it("finds a lead by email from the bridge's log when its webhook came, else by a bounded scan", async () => {
    const lead = await api("POST", "/leads", { name: "Ana Ruiz", email: "ana@example.com" });
    const scanned = await search("lead_by_email", { email: "ANA@example.com" });
    expect(scanned.headers.get("X-Bridge-Search")).toBe("scan");
    expect(scanned.body.map((l: any) => l.id)).toEqual([lead.data.id]);
    await postIngest(await signedWebhook("lead.created", { ...lead.data }));
    const logged = await search("lead_by_email", { email: "ana@example.com" });
    expect(logged.headers.get("X-Bridge-Search")).toBe("log");
    expect(logged.body.map((l: any) => l.id)).toEqual([lead.data.id]);
    // The log's candidate is read fresh: once its email changed, the log has no match and the scan has none either.
    await api("PUT", `/leads/${lead.data.id}`, { email: "ana.ruiz@example.com" });
    const stale = await search("lead_by_email", { email: "ana@example.com" });
    expect(stale.body).toEqual([]);
  });

  it("finds clients by email, listings by MLS number or address and escrows by address or number", async () => {
    expect((await search("client_by_email", { email: "michael.torres@example.com" })).body[0]).toMatchObject({
      first_name: "Michael",
    });
    expect((await search("listing_by_mls_number", { mls_number: "ml81992437" })).body[0]).toMatchObject({
      address: expect.stringContaining("456 Oak Ave"),
    });
    const golden = (await search("listing_by_address", { address: "golden hills" })).body;
    expect(golden.length).toBeGreaterThan(0);
    for (const l of golden) expect(l.address).toMatch(/golden hills/i);
    const escrow = await search("escrow_by_display_id", { display_id: "esc-2026-0042" });
    expect(escrow.headers.get("X-Bridge-Search")).toBe("api");
    expect(escrow.body.map((e: any) => e.display_id)).toEqual(["ESC-2026-0042"]);
    const byAddress = await search("escrow_by_address", { address: "1234 Valley View" });
    expect(byAddress.body.map((e: any) => e.display_id)).toContain("ESC-2026-0042");
  });

  it("answers an empty array when nothing matches", async () => {
    for (const [name, q] of [
      ["client_by_email", { email: "nobody@example.com" }],
      ["listing_by_mls_number", { mls_number: "NOPE1" }],
      ["escrow_by_display_id", { display_id: "ESC-1999-0001" }],
    ] as const) {
      const r = await search(name, q);
      expect(r.status, name).toBe(200);
      expect(r.body, name).toEqual([]);
    }
  });

  it("validates the query and refuses unknown searches and missing tokens", async () => {
    const e = expectError(await search("lead_by_email", { email: "nope" }), 400, "VALIDATION_ERROR");
    expect(e.details[0].field).toBe("email");
    expectError(await search("lead_by_email", {}), 400, "VALIDATION_ERROR");
    expectError(await search("lead_by_shoe_size", { size: "9" }), 404, "UNKNOWN_SEARCH");
    expectError(await bridge("/searches/lead_by_email?email=a@b.co", { token: null }), 401, "UNAUTHORIZED");
  });
});
