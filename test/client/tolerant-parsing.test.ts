// The client takes what the API really sends (spec §1.4, §1.5, §1.8, §5): answers shaped like the docs' examples
// (no timestamp, no version or dates) and like the older backend (numeric strings, `pagination`), through the
// transport's real parse path, with a local fetch that answers each path with a fixed body.
import { type ActuallyCareClient, createClient } from "@actuallycare/shared/client/create-client";
import type { ActuallyCareError } from "@actuallycare/shared/client/errors";
import { describe, expect, it } from "vitest";

const BASE = "https://api.actuallycare.com/v1";

/** A client whose fetch answers `METHOD /path` (no query) from the table, and 404 otherwise. */
async function clientAnswering(
  answers: Record<string, unknown>,
): Promise<{ client: ActuallyCareClient; sent: string[] }> {
  const sent: string[] = [];
  const client = await createClient({
    baseUrl: BASE,
    apiKey: "0".repeat(64),
    email: "maria.alvarez@example.com",
    password: "not-a-real-password",
    fetch: async (request) => {
      const op = `${request.method} ${new URL(request.url).pathname.replace("/v1", "")}`;
      sent.push(op);
      const body = answers[op];
      if (body === undefined) return Response.json({ success: false, error: { code: "NOT_FOUND" } }, { status: 404 });
      return Response.json(body);
    },
  });
  return { client, sent };
}

const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected invalid_response");
    },
    (e: unknown) => e as ActuallyCareError,
  );

describe("answers shaped like the docs' examples", () => {
  it("parses a clients list with no timestamp, no meta version and records without version or dates", async () => {
    const { client } = await clientAnswering({
      "GET /clients": {
        success: true,
        data: {
          clients: [
            {
              id: "a3f8c1d2-6b4e-4a9f-8d27-95c0e3b1f684",
              first_name: "Michael",
              last_name: "Torres",
              status: "active",
            },
          ],
          meta: { page: 1, limit: 25, total: 1 },
        },
      },
    });
    const list = await client.clients.list();
    expect(list.clients).toEqual([
      { id: "a3f8c1d2-6b4e-4a9f-8d27-95c0e3b1f684", first_name: "Michael", last_name: "Torres", status: "active" },
    ]);
    expect(list.meta).toEqual({ page: 1, limit: 25, total: 1 });
  });

  it("parses an API keys list without scopes, keeping unknown fields", async () => {
    const { client } = await clientAnswering({
      "POST /auth/login": {
        success: true,
        data: { accessToken: "tok", refreshToken: "r".repeat(80), expiresIn: "15m" },
      },
      "GET /api-keys": {
        success: true,
        data: [{ id: "k1", name: "Zapier", key_preview: "1a2b3c4d...9f0e", is_active: true, team: "west" }],
      },
    });
    const [key] = await client.apiKeys.list();
    expect(key).toEqual({ id: "k1", name: "Zapier", key_preview: "1a2b3c4d...9f0e", is_active: true, team: "west" });
    expect(key?.scopes).toBeUndefined();
  });

  it("logs in from an answer without timestamp (or expiresIn), so the JWT-only groups work", async () => {
    const { client, sent } = await clientAnswering({
      "POST /auth/login": { success: true, data: { accessToken: "tok" } },
      "GET /webhooks": {
        success: true,
        data: [{ id: "wh_3f9a1c7e2b40", url: "https://hooks.example.com/actuallycare", events: ["lead.created"] }],
      },
    });
    const hooks = await client.webhooks.list();
    expect(hooks.map((h) => h.id)).toEqual(["wh_3f9a1c7e2b40"]);
    expect(sent).toEqual(["POST /auth/login", "GET /webhooks"]);
  });

  it("reads a webhook's is_active as active, and an escrow's escrow_number and status as its display id and status", async () => {
    const { client } = await clientAnswering({
      "POST /auth/login": { success: true, data: { accessToken: "tok" } },
      "GET /webhooks": {
        success: true,
        data: [{ id: "wh_1", url: "https://h.example", events: ["all"], is_active: true }],
      },
      "GET /escrows/ESC-2026-0042": {
        success: true,
        data: {
          id: "6c1e0f4a-2b7d-4e9a-8f3c-5d2b1a0e9c47",
          escrow_number: "ESC-2026-0042",
          status: "active",
          property_address: "1234 Valley View Dr",
          closing_date: "2026-07-20",
        },
      },
    });
    expect((await client.webhooks.list())[0]?.active).toBe(true);
    const escrow = await client.escrows.get("ESC-2026-0042");
    expect(escrow).toMatchObject({ display_id: "ESC-2026-0042", escrow_status: "active", closing_date: "2026-07-20" });
    // The key dates the answer left out read as null (not set), as a digest treats them.
    expect(escrow.acceptance_date).toBeNull();
    expect(escrow.actual_coe_date).toBeNull();
  });

  it("still requires what callers read: a webhook without events, an escrow without address", async () => {
    const { client } = await clientAnswering({
      "POST /auth/login": { success: true, data: { accessToken: "tok" } },
      "GET /webhooks": { success: true, data: [{ id: "wh_1", url: "https://h.example" }] },
      "GET /escrows/E1": { success: true, data: { id: "e1", display_id: "E1", escrow_status: "active" } },
    });
    expect(await failureOf(client.webhooks.list())).toMatchObject({ kind: "invalid_response", field: "data.0.events" });
    expect(await failureOf(client.escrows.get("E1"))).toMatchObject({ field: "data.property_address" });
  });
});

describe("answers shaped like the older backend", () => {
  it("converts numeric strings to numbers: money, sizes, counts and page meta", async () => {
    const { client } = await clientAnswering({
      "GET /listings": {
        success: true,
        data: {
          listings: [
            {
              id: "l1",
              list_price: "389000",
              square_feet: " 2800 ",
              bathrooms: "2.5",
              days_on_market: "12",
              price_per_sqft: "1.39e2",
            },
          ],
          meta: { page: "1", limit: "25", total: "1", totalPages: "1", hasMore: false },
        },
      },
    });
    const list = await client.listings.list();
    expect(list.listings[0]).toMatchObject({
      list_price: 389000,
      square_feet: 2800,
      bathrooms: 2.5,
      days_on_market: 12,
      price_per_sqft: 139,
    });
    expect(list.meta).toEqual({ page: 1, limit: 25, total: 1, totalPages: 1, hasMore: false });
  });

  it("fails a non-numeric string in a numeric field, naming the field", async () => {
    for (const bad of ["389,000", "$389000", "", "n/a", "12abc"]) {
      const { client } = await clientAnswering({
        "GET /leads/x": { success: true, data: { id: "x", budget: bad } },
      });
      const err = await failureOf(client.leads.get("x"));
      expect({ kind: err.kind, field: err.field, message: err.message }).toEqual({
        kind: "invalid_response",
        field: "data.budget",
        message: "GET /leads/x: unexpected response at data.budget: Invalid input: expected number, received string",
      });
    }
  });

  it("reads a `pagination` object as meta, and a bare array as the items", async () => {
    const lead = (id: string) => ({ id, name: `Lead ${id}` });
    const { client } = await clientAnswering({
      "GET /leads": {
        success: true,
        data: {
          leads: [lead("1"), lead("2")],
          pagination: { currentPage: 1, totalPages: "2", totalCount: 3, limit: 2 },
        },
      },
      "GET /appointments": { success: true, data: [{ id: "a1", title: "Showing" }], pagination: { currentPage: 1 } },
    });
    const leads = await client.leads.list({ limit: 2 });
    expect(leads.meta).toEqual({ page: 1, limit: 2, total: 3, totalPages: 2, hasMore: true });
    expect(leads.leads.map((l) => l.id)).toEqual(["1", "2"]);
    const appointments = await client.appointments.list();
    expect(appointments.appointments).toEqual([{ id: "a1", title: "Showing" }]);
  });
});
