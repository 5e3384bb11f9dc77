import type { Context } from "hono";
import * as z from "zod";
import type { AppEnv, UserRow } from "../app-env";
import { ApiError } from "../http/api-error";
import { readJsonObject } from "../http/body";
import { ok } from "../http/envelope";
import { validate } from "../http/validate";
import { buildClient, CLIENT_TYPES, type Client, oneOf } from "../resources/clients";
import type { Lead } from "../resources/leads";
import { eventData } from "../webhooks/catalog";
import { clientsTable, emitClient } from "./clients";
import { leadsTable } from "./leads";

const convertSchema = z.object({ client_type: oneOf("Client type", CLIENT_TYPES).optional() });

/**
 * `POST /leads/{id}/convert` (spec §2.8): creates a client from the lead and
 * marks the lead converted, irreversibly. The client belongs to the lead's
 * owner, so the agent keeps the relationship when a broker converts for them.
 * Conversion skips the DUPLICATE_EMAIL check of `POST /clients`: a lead whose
 * address is already on a client still converts, to a new client.
 */
export async function convertLead(c: Context<AppEnv>): Promise<Response> {
  const input = validate(convertSchema, await readJsonObject(c, c.env.config().maxBodyBytes));
  const caller = c.var.caller;
  const leads = leadsTable(c.env);
  const stored = leads.getFor(caller, c.req.param("id") ?? "", "Lead");
  const lead = stored.body;
  if (lead.status === "converted") {
    throw new ApiError(400, "INVALID_TRANSITION", "The lead has already been converted", undefined, {
      converted_to_client_id: lead.converted_to_client_id,
    });
  }
  const now = c.env.clock.iso();
  const client = buildClient(c.env.nextId(), clientFieldsOf(lead, input.client_type), now);
  const owner = c.env.sql.one<UserRow>("SELECT * FROM users WHERE id = ?", stored.owner_id) ?? caller.user;
  const converted = convertedLead(lead, client.id, now);
  c.env.sql.transaction(() => {
    clientsTable(c.env).insert(owner, client);
    leads.save(converted);
  });
  c.env.events.emit("lead.converted", eventData("lead.converted", { ...converted }), caller.user);
  emitClient(c.env, "client.created", client, caller);
  return ok(c, { client_id: client.id, client, lead: converted });
}

/** The client's fields: name parts, contact details and source; `budget_max` from the lead's budget. */
function clientFieldsOf(lead: Lead, requested: Client["client_type"] | undefined) {
  return {
    first_name: lead.first_name ?? lead.name,
    // A one-word lead name has no last name; the client's required field gets "" rather than null.
    last_name: lead.last_name ?? "",
    email: lead.email,
    phone: lead.phone,
    source: lead.source,
    client_type: requested ?? lead.lead_type ?? "buyer",
    status: "active" as const,
    budget_max: lead.budget,
  };
}

function convertedLead(lead: Lead, clientId: string, nowIso: string): Lead {
  return {
    ...lead,
    status: "converted",
    converted_to_client_id: clientId,
    version: lead.version + 1,
    updated_at: nowIso,
  };
}
