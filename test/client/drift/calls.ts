import type { ActuallyCareClient } from "@actuallycare/shared/client/create-client";
import { paginate } from "@actuallycare/shared/client/paginate";

/** Ids used as plausible arguments; the fake server answers whatever the fixture says anyway. */
const LEAD = "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b";
const CLIENT = "a3f8c1d2-6b4e-4a9f-8d27-95c0e3b1f684";
const CONTACT = "550e8400-e29b-41d4-a716-446655440000";
const LISTING = "0d4f8a9c-3b2e-4f6a-9d1c-7e5b2a8f4c10";
const APPOINTMENT = "d4b7a9e2-8c1f-4d6a-b3e5-7f9c2a0d8b46";
const WEBHOOK = "wh_3f9a1c7e2b40";
const API_KEY = "550e8400-e29b-41d4-a716-446655440000";

type Call = (c: ActuallyCareClient) => Promise<unknown>;

/**
 * Every client call a fixture can name, with plausible arguments. Keyed by `group.method`, so a fixture's
 * `operation` is type-checked against this list.
 */
export const CALLS = {
  "leads.list": (c) => c.leads.list({ limit: 25 }),
  "leads.get": (c) => c.leads.get(LEAD),
  "leads.create": (c) => c.leads.create({ name: "Rachel Kim", email: "rachel.kim@example.com" }),
  "leads.convert": (c) => c.leads.convert(LEAD, { client_type: "buyer" }),
  "clients.list": (c) => c.clients.list(),
  "clients.get": (c) => c.clients.get(CLIENT),
  "contacts.get": (c) => c.contacts.get(CONTACT),
  "contacts.update": (c) => c.contacts.update(CONTACT, { company: "Kern Title" }),
  "contacts.archive": (c) => c.contacts.archive(CONTACT),
  "escrows.list": (c) => c.escrows.list({ status: "active" }),
  "escrows.get": (c) => c.escrows.get("ESC-2026-0042"),
  "escrows.update": (c) => c.escrows.update("ESC-2026-0042", { closing_date: "2026-07-24", version: 3 }),
  "escrows.archive": (c) => c.escrows.archive("ESC-2026-0031"),
  "escrows.delete": (c) => c.escrows.delete("ESC-2026-0031"),
  "escrows.timeline": (c) => c.escrows.timeline("ESC-2026-0042"),
  "listings.list": (c) => c.listings.list(),
  "listings.get": (c) => c.listings.get(LISTING),
  "listings.delete": (c) => c.listings.delete(LISTING),
  "appointments.list": (c) => c.appointments.list({ start_date: "2026-07-01" }),
  "appointments.get": (c) => c.appointments.get(APPOINTMENT),
  "webhooks.list": (c) => c.webhooks.list(),
  "webhooks.create": (c) =>
    c.webhooks.create({
      url: "https://hooks.example.com/actuallycare",
      events: ["lead.created", "escrow.status_changed"],
      secret: "sandbox_whsec_2026",
    }),
  "webhooks.delete": (c) => c.webhooks.delete(WEBHOOK),
  "webhooks.events": (c) => c.webhooks.events(),
  "webhooks.logs": (c) => c.webhooks.logs(WEBHOOK),
  "apiKeys.list": (c) => c.apiKeys.list(),
  "apiKeys.create": (c) => c.apiKeys.create({ name: "nightly-lead-sync", scopes: { leads: ["read", "write"] } }),
  "apiKeys.revoke": (c) => c.apiKeys.revoke(API_KEY),
  "apiKeys.delete": (c) => c.apiKeys.delete(API_KEY),
  "auth.login": (c) => c.auth.login({ email: "jordan.lee@example.com", password: "Sandbox123" }),
  "auth.refresh": (c) => c.auth.refresh("a".repeat(80)),
  "auth.profile": (c) => c.auth.profile(),
  "billing.publicPlans": (c) => c.billing.publicPlans(),
} satisfies Record<string, Call>;

export type OperationName = keyof typeof CALLS;

/** The ids `paginate` yields, for the lists a paginate fixture can walk. */
export const PAGERS = {
  "leads.list": (c, query) => collect(paginate((q) => c.leads.list(q), "leads", query)),
  "clients.list": (c, query) => collect(paginate((q) => c.clients.list(q), "clients", query)),
  "escrows.list": (c, query) => collect(paginate((q) => c.escrows.list(q), "escrows", query)),
} satisfies Record<string, (c: ActuallyCareClient, query: { limit: number }) => Promise<unknown[]>>;

export type ListName = keyof typeof PAGERS;

async function collect(items: AsyncIterable<{ id?: unknown }>): Promise<unknown[]> {
  const ids: unknown[] = [];
  for await (const item of items) ids.push(item.id);
  return ids;
}
