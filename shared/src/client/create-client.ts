import { type ClientConfig, createTransport } from "./create-transport";
import { apiKeysApi } from "./groups/api-keys";
import { appointmentsApi } from "./groups/appointments";
import { authApi } from "./groups/auth";
import { billingApi } from "./groups/billing";
import { clientsApi } from "./groups/clients";
import { contactsApi } from "./groups/contacts";
import { escrowsApi } from "./groups/escrows";
import { leadsApi } from "./groups/leads";
import { listingsApi } from "./groups/listings";
import { webhooksApi } from "./groups/webhooks";
import type { Transport } from "./transport";

/**
 * Every group of the API over one transport. Workers that use one or two
 * groups can import them alone (`leadsApi(await createTransport(config))`).
 */
export function clientFor(transport: Transport) {
  return {
    transport,
    apiKeys: apiKeysApi(transport),
    appointments: appointmentsApi(transport),
    auth: authApi(transport),
    billing: billingApi(transport),
    clients: clientsApi(transport),
    contacts: contactsApi(transport),
    escrows: escrowsApi(transport),
    leads: leadsApi(transport),
    listings: listingsApi(transport),
    webhooks: webhooksApi(transport),
  };
}

/** The typed client: `client.leads.create(…)`, `client.webhooks.list()`, … */
export type ActuallyCareClient = ReturnType<typeof clientFor>;

/**
 * Builds the full client. Key-capable groups use `apiKey` when given, else the
 * JWT session; the JWT-only groups (contacts, webhooks, api-keys, billing) need
 * `email` and `password`.
 */
export async function createClient(config: ClientConfig): Promise<ActuallyCareClient> {
  return clientFor(await createTransport(config));
}
