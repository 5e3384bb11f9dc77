import * as z from "../../zod";
import { deletedSchema, maybeBoolean, maybeString } from "../schema-helpers";
import type { Transport } from "../transport";

/** Resource → actions, e.g. `{"leads":["read","write"]}` or `{"all":["read"]}` (spec §1.3). */
export type Scopes = Record<string, Array<"read" | "write" | "delete" | (string & {})>>;

/** An API key record (spec §2.1); the full key is never in it. Only `id` is required. */
export const apiKeySchema = z.looseObject({
  id: z.string(),
  name: maybeString,
  key_preview: maybeString,
  /** Absent in the docs' list example. */
  scopes: z.optional(z.record(z.string(), z.array(z.string())) as unknown as z.ZodMiniType<Scopes>),
  is_active: maybeBoolean,
  created_at: maybeString,
  last_used_at: maybeString,
  /** `null` for a key that never expires. */
  expires_at: maybeString,
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** `POST /api-keys`' answer: the record plus `key`, the full 64-hex key, shown this once. */
export const createdApiKeySchema = z.extend(apiKeySchema, { key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export interface ApiKeyInput {
  name: string;
  /** 1–365; omitted means the key never expires. */
  expiresInDays?: number;
  /** Omitted means no access at all (403 everywhere). */
  scopes?: Scopes;
}

const path = (id: string) => `/api-keys/${encodeURIComponent(id)}`;

/** API keys (spec §2.1): JWT only, the caller's own keys. */
export function apiKeysApi(t: Transport) {
  return {
    /** Every key of the caller, newest first (a bare array; no paging). */
    list: async () =>
      (await t.request({ method: "GET", path: "/api-keys", auth: "jwt", data: z.array(apiKeySchema) })).data,
    /** Creates a key; keep `key` from the answer, it is never shown again. */
    create: async (body: ApiKeyInput) =>
      (await t.request({ method: "POST", path: "/api-keys", body, auth: "jwt", data: createdApiKeySchema })).data,
    /** Replaces the whole scope map. */
    updateScopes: async (id: string, scopes: Scopes) =>
      (
        await t.request({
          method: "PATCH",
          path: `${path(id)}/scopes`,
          body: { scopes },
          auth: "jwt",
          data: apiKeySchema,
        })
      ).data,
    /** Deactivates the key (idempotent); later use gets 401 `API_KEY_DEACTIVATED`. */
    revoke: async (id: string) =>
      (await t.request({ method: "PUT", path: `${path(id)}/revoke`, auth: "jwt", data: apiKeySchema })).data,
    /** Deletes the key for good; later use gets 401 `INVALID_API_KEY`. */
    delete: async (id: string) =>
      (await t.request({ method: "DELETE", path: path(id), auth: "jwt", data: deletedSchema })).data,
  };
}

export type ApiKeysApi = ReturnType<typeof apiKeysApi>;
