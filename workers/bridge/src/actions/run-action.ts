import { appointmentsApi } from "@actuallycare/shared/client/groups/appointments";
import { clientsApi } from "@actuallycare/shared/client/groups/clients";
import { contactsApi } from "@actuallycare/shared/client/groups/contacts";
import { leadsApi } from "@actuallycare/shared/client/groups/leads";
import type { Transport } from "@actuallycare/shared/client/transport";
import { apiFailure } from "../api/api-failure";
import { ACTION_INPUTS, type ActionInput, type ActionName } from "./action-schemas";

/**
 * Runs one action through the shared client and returns the API's full object. The caller validated `input` with
 * `ACTION_INPUTS[name]`; the API's own refusals keep their code and field details (see `apiFailure`).
 */
export async function runAction<N extends ActionName>(
  t: Transport,
  name: N,
  input: ActionInput<N>,
  now: () => number = Date.now,
): Promise<unknown> {
  try {
    return await dispatch(t, name, input as ActionInput<ActionName>);
  } catch (err) {
    apiFailure(err, now());
  }
}

// The inputs were validated with the action's schema; the client's input types are narrower in their enums (the
// schemas' enums are the same lists), so the bodies are passed as the client's types.
async function dispatch(t: Transport, name: ActionName, input: ActionInput<ActionName>): Promise<unknown> {
  const body = input as any;
  const { id, ...rest } = body as { id: string } & Record<string, unknown>;
  switch (name) {
    case "create_lead":
      return leadsApi(t).create(body);
    case "update_lead":
      return leadsApi(t).update(id, rest);
    case "convert_lead":
      return leadsApi(t).convert(id, rest);
    case "create_client":
      return clientsApi(t).create(body);
    case "update_client":
      return clientsApi(t).update(id, rest);
    case "create_contact":
      return contactsApi(t).create(body);
    case "update_contact":
      return contactsApi(t).update(id, rest);
    case "find_or_create_contact":
      return findOrCreateContact(t, body);
    case "create_appointment":
      return appointmentsApi(t).create(body);
  }
}

/**
 * The contact with this email (exact, any case), else a new one. `/contacts/search` matches substrings, so its hits
 * are filtered; the answer is the full record plus `created`.
 */
async function findOrCreateContact(t: Transport, input: ActionInput<"find_or_create_contact">) {
  const contacts = contactsApi(t);
  const wanted = input.email.toLowerCase();
  const { contacts: hits } = await contacts.search({ email: input.email, limit: 100 });
  const hit = hits.find((h) => h.email?.toLowerCase() === wanted);
  if (hit) return { ...(await contacts.get(hit.id)), created: false };
  return { ...(await contacts.create(input as any)), created: true };
}

/**
 * No-code tools send an unmapped optional field as an empty string: it means "not given", never "clear it", so it
 * is dropped before validation (send null to clear a field on update).
 */
export function withoutBlanks(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== "" && v !== undefined));
}

export const isActionName = (name: string): name is ActionName => Object.hasOwn(ACTION_INPUTS, name);
