// The exact `invalid_response` errors the client raises for broken answers: message and field, recorded once from
// the classic-zod code and checked by hand, so that a change of zod flavour or version changes no word of them.
import { createTransport } from "@actuallycare/shared/client/create-transport";
import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import { escrowsApi } from "@actuallycare/shared/client/groups/escrows";
import { leadsApi } from "@actuallycare/shared/client/groups/leads";
import { describe, expect, it } from "vitest";

const LEAD = {
  id: "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b",
  name: "Rachel Kim",
  email: "rachel.kim@example.com",
  phone: "(661) 555-0198",
  source: "Website Form",
  status: "new",
  lead_type: "buyer",
  interest_level: "warm",
  budget: 380000,
  timeline: "3-6 months",
  version: 1,
  created_at: "2026-07-01T16:00:00.000Z",
  updated_at: "2026-07-01T16:00:00.000Z",
};
const ESCROW = {
  id: "6c1e0f4a-2b7d-4e9a-8f3c-5d2b1a0e9c47",
  display_id: "ESC-2026-0042",
  property_address: "1234 Valley View Dr",
  city: "Tehachapi",
  state: "CA",
  zip_code: "93561",
  purchase_price: 465000,
  escrow_status: "active",
  representation_type: "buyer",
  earnest_money_deposit: 13950,
  acceptance_date: "2026-06-20",
  emd_date: "2026-06-23",
  physical_inspection_date: null,
  appraisal_ordered_date: null,
  appraisal_completed_date: null,
  inspection_contingency_removal_date: "2026-07-07",
  appraisal_contingency_removal_date: "2026-07-07",
  loan_contingency_removal_date: "2026-07-11",
  all_contingencies_removal_date: null,
  closing_date: "2026-07-20",
  actual_coe_date: null,
  is_archived: false,
  archived_at: null,
  version: 1,
  created_at: "2026-06-20T16:00:00.000Z",
  updated_at: "2026-06-20T16:00:00.000Z",
};
const META = { page: 1, limit: 25, total: 3, totalPages: 1, hasMore: false };
const ok = (data: unknown) => ({ success: true, data, timestamp: "2026-07-01T16:00:00.000Z" });
const without = <T extends object>(o: T, key: keyof T) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

type Call = "leads.get" | "leads.list" | "escrows.get" | "escrows.timeline";

/** A broken answer (the raw body text, or JSON) to one call, and what the client must throw. */
interface Case {
  name: string;
  call: Call;
  body: unknown;
  raw?: string;
  field: string;
  message: string;
}

const CASES: Case[] = [
  {
    name: "a lead without an id",
    call: "leads.get",
    body: ok(without(LEAD, "id")),
    field: "data.id",
    message:
      "GET /leads/f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b: unexpected response at data.id: Invalid input: expected string, received undefined",
  },
  {
    name: "a lead whose id is a number",
    call: "leads.get",
    body: ok({ ...LEAD, id: 42 }),
    field: "data.id",
    message:
      "GET /leads/f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b: unexpected response at data.id: Invalid input: expected string, received number",
  },
  {
    name: "a budget in words",
    call: "leads.get",
    body: ok({ ...LEAD, budget: "lots" }),
    field: "data.budget",
    message:
      "GET /leads/f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b: unexpected response at data.budget: Invalid input: expected number, received string",
  },
  {
    name: "a status that is a number",
    call: "leads.get",
    body: ok({ ...LEAD, status: 5 }),
    field: "data.status",
    message:
      "GET /leads/f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b: unexpected response at data.status: Invalid input: expected string, received number",
  },
  {
    name: "a lead that is null",
    call: "leads.get",
    body: ok(null),
    field: "data",
    message:
      "GET /leads/f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b: unexpected response at data: Invalid input: expected object, received null",
  },
  {
    name: "a lead that is a list",
    call: "leads.get",
    body: ok([LEAD]),
    field: "data",
    message:
      "GET /leads/f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b: unexpected response at data: Invalid input: expected object, received array",
  },
  {
    name: "no data at all",
    call: "leads.get",
    body: { success: true, timestamp: "2026-07-01T16:00:00.000Z" },
    field: "data",
    message:
      "GET /leads/f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b: unexpected response at data: Invalid input: expected object, received undefined",
  },
  {
    name: "success that is not true",
    call: "leads.get",
    body: { ...ok(LEAD), success: "yes" },
    field: "success",
    message:
      "GET /leads/f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b: unexpected response at success: Invalid input: expected true",
  },
  {
    name: "a body that is not JSON",
    call: "leads.get",
    body: null,
    raw: "<html>502 Bad Gateway</html>",
    field: "(body)",
    message: "GET /leads/f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b: the answer is not JSON",
  },
  {
    name: "a body that is a JSON string",
    call: "leads.get",
    body: "ok",
    field: "(body)",
    message:
      "GET /leads/f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b: unexpected response at (body): Invalid input: expected object, received string",
  },
  {
    name: "a list item without an id",
    call: "leads.list",
    body: ok({ leads: [LEAD, LEAD, without(LEAD, "id")], meta: META }),
    field: "data.leads.2.id",
    message: "GET /leads: unexpected response at data.leads.2.id: Invalid input: expected string, received undefined",
  },
  {
    name: "a list item whose budget is an object",
    call: "leads.list",
    body: ok({ leads: [{ ...LEAD, budget: { usd: 1 } }], meta: META }),
    field: "data.leads.0.budget",
    message: "GET /leads: unexpected response at data.leads.0.budget: Invalid input: expected number, received object",
  },
  {
    name: "a list that is an object",
    call: "leads.list",
    body: ok({ leads: { 0: LEAD }, meta: META }),
    field: "data.leads",
    message: "GET /leads: unexpected response at data.leads: Invalid input: expected array, received object",
  },
  {
    name: "a page number in words",
    call: "leads.list",
    body: ok({ leads: [LEAD], meta: { ...META, page: "one" } }),
    field: "data.meta.page",
    message: "GET /leads: unexpected response at data.meta.page: Invalid input: expected number, received string",
  },
  {
    name: "an escrow without a display id",
    call: "escrows.get",
    body: ok(without(ESCROW, "display_id")),
    field: "data.display_id",
    message:
      "GET /escrows/ESC-2026-0042: unexpected response at data.display_id: Invalid input: expected string, received undefined",
  },
  {
    name: "a purchase price in words",
    call: "escrows.get",
    body: ok({ ...ESCROW, purchase_price: "n/a" }),
    field: "data.purchase_price",
    message:
      "GET /escrows/ESC-2026-0042: unexpected response at data.purchase_price: Invalid input: expected number, received string",
  },
  {
    name: "a closing date that is a number",
    call: "escrows.get",
    body: ok({ ...ESCROW, closing_date: 20260720 }),
    field: "data.closing_date",
    message:
      "GET /escrows/ESC-2026-0042: unexpected response at data.closing_date: Invalid input: expected string, received number",
  },
  {
    name: "a timeline entry without a label",
    call: "escrows.timeline",
    body: ok([
      { label: "Acceptance", date: "2026-06-20", completed: true },
      { date: "2026-07-20", completed: false },
    ]),
    field: "data.1.label",
    message:
      "GET /escrows/ESC-2026-0042/timeline: unexpected response at data.1.label: Invalid input: expected string, received undefined",
  },
  {
    name: "a timeline that is an object",
    call: "escrows.timeline",
    body: ok({ label: "Acceptance" }),
    field: "data",
    message:
      "GET /escrows/ESC-2026-0042/timeline: unexpected response at data: Invalid input: expected array, received object",
  },
];

async function failure(c: Case): Promise<ActuallyCareError> {
  const transport = await createTransport({
    baseUrl: "https://api.actuallycare.com/v1",
    apiKey: "0".repeat(64),
    fetch: async () =>
      new Response(c.raw ?? JSON.stringify(c.body), { status: 200, headers: { "Content-Type": "application/json" } }),
  });
  const leads = leadsApi(transport);
  const escrows = escrowsApi(transport);
  const calls: Record<Call, () => Promise<unknown>> = {
    "leads.get": () => leads.get(LEAD.id),
    "leads.list": () => leads.list(),
    "escrows.get": () => escrows.get("ESC-2026-0042"),
    "escrows.timeline": () => escrows.timeline("ESC-2026-0042"),
  };
  const err = await calls[c.call]().then(
    () => {
      throw new Error(`${c.name}: expected invalid_response, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  if (!(err instanceof ActuallyCareError)) throw err;
  return err;
}

describe("invalid_response messages and fields", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const err = await failure(c);
    expect({ kind: err.kind, code: err.code, retryable: err.retryable }).toEqual({
      kind: "invalid_response",
      code: "INVALID_RESPONSE",
      retryable: false,
    });
    expect({ field: err.field, message: err.message }).toEqual({ field: c.field, message: c.message });
  });
});
