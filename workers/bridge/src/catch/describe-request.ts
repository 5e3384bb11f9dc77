import type { ActionName } from "../actions/action-schemas";

/** One API request as `?dry_run=1` shows it: relative to the API's base URL. */
export interface DescribedRequest {
  method: string;
  path: string;
  body?: unknown;
  /** When the request is made only on a condition (find-or-create). */
  when?: string;
}

/** The ActuallyCare requests an action would make for this input (what `runAction` sends through the client). */
export function describeRequests(action: ActionName, input: Record<string, unknown>): DescribedRequest[] {
  const { id, ...rest } = input as { id?: string } & Record<string, unknown>;
  const at = (p: string) => `${p}/${encodeURIComponent(String(id))}`;
  switch (action) {
    case "create_lead":
      return [{ method: "POST", path: "/leads", body: input }];
    case "update_lead":
      return [{ method: "PUT", path: at("/leads"), body: rest }];
    case "convert_lead":
      return [{ method: "POST", path: `${at("/leads")}/convert`, body: rest }];
    case "create_client":
      return [{ method: "POST", path: "/clients", body: input }];
    case "update_client":
      return [{ method: "PUT", path: at("/clients"), body: rest }];
    case "create_contact":
      return [{ method: "POST", path: "/contacts", body: input }];
    case "update_contact":
      return [{ method: "PUT", path: at("/contacts"), body: rest }];
    case "find_or_create_contact":
      return [
        { method: "GET", path: `/contacts/search?email=${encodeURIComponent(String(input.email))}&limit=100` },
        { method: "POST", path: "/contacts", body: input, when: "no contact has this email" },
      ];
    case "create_appointment":
      return [{ method: "POST", path: "/appointments", body: input }];
  }
}
