import { pagedList } from "../envelope";
import { deletedSchema, type PageQuery } from "../schema-helpers";
import type { Transport } from "../transport";
import { type CLIENT_STATUSES, type CLIENT_TYPES, clientSchema } from "./client-schema";

export { CLIENT_STATUSES, CLIENT_TYPES, type Client, clientSchema } from "./client-schema";

/** Writable client fields (spec §2.5); `null` clears an optional one. */
export interface ClientInput {
  first_name?: string;
  last_name?: string;
  email?: string | null;
  phone?: string | null;
  client_type?: (typeof CLIENT_TYPES)[number];
  status?: (typeof CLIENT_STATUSES)[number];
  source?: string | null;
  budget_min?: number | null;
  budget_max?: number | null;
  preferred_locations?: string[] | null;
  property_preferences?: {
    bedrooms_min?: number | null;
    bathrooms_min?: number | null;
    square_feet_min?: number | null;
    property_types?: string[] | null;
  } | null;
  pre_approved?: boolean | null;
  pre_approval_amount?: number | null;
  notes?: string | null;
  tags?: string[] | null;
}

export interface ClientListQuery extends PageQuery {
  client_type?: string;
  status?: string;
}

const clientList = pagedList("clients", clientSchema);
const path = (id: string) => `/clients/${encodeURIComponent(id)}`;

/** Clients (spec §2.5): API key `clients:*` or JWT. */
export function clientsApi(t: Transport) {
  return {
    /** `GET /clients`: `{clients, meta}`. */
    list: async (query: ClientListQuery = {}) =>
      (await t.request({ method: "GET", path: "/clients", query: { ...query }, auth: "key-or-jwt", data: clientList }))
        .data,
    /** `POST /clients`; 409 `DUPLICATE_EMAIL` when the email is already on a client or contact. */
    create: async (body: ClientInput & Required<Pick<ClientInput, "first_name" | "last_name" | "client_type">>) =>
      (await t.request({ method: "POST", path: "/clients", body, auth: "key-or-jwt", data: clientSchema })).data,
    get: async (id: string) =>
      (await t.request({ method: "GET", path: path(id), auth: "key-or-jwt", data: clientSchema })).data,
    /** Partial update; pass `version` to fail with 409 `VERSION_CONFLICT` on a stale copy. */
    update: async (id: string, body: ClientInput & { version?: number }) =>
      (await t.request({ method: "PUT", path: path(id), body, auth: "key-or-jwt", data: clientSchema })).data,
    /** Hard delete; answers `{id}`. */
    delete: async (id: string) =>
      (await t.request({ method: "DELETE", path: path(id), auth: "key-or-jwt", data: deletedSchema })).data,
  };
}

/** The clients group's type, for callers that pass it around. */
export type ClientsApi = ReturnType<typeof clientsApi>;
