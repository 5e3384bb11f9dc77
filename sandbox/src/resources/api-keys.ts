import * as z from "zod";
import type { Scopes } from "../app-env";
import { lowerEnum } from "../http/validate";

export const SCOPE_ACTIONS = ["read", "write", "delete"] as const;

/** A row of `api_keys`. */
export interface ApiKeyRow {
  id: string;
  user_id: string;
  name: string;
  key_hash: string;
  key_preview: string;
  scopes: string;
  is_active: number;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

/** The key record as the API returns it (spec §2.1); never the key or its hash. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  key_preview: string;
  scopes: Scopes;
  is_active: boolean;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

/**
 * Resource → actions (spec §1.3). Any lowercase resource name is accepted
 * (the documented list is open); a string array is not a scope map.
 */
export const scopesSchema = z
  .record(
    z.string().regex(/^[a-z][a-z0-9_-]*$/, "Scope resources are lowercase names, e.g. leads or open-houses"),
    z.array(lowerEnum(SCOPE_ACTIONS), { message: "Expected an array of actions: read, write, delete" }),
    { message: 'Scopes must be an object mapping resource to actions, e.g. {"leads":["read","write"]}' },
  )
  .transform((s): Scopes => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, [...new Set(v)]])));

export const createKeySchema = z.object({
  name: z
    .string({ message: "Name is required" })
    .min(1, "Name is required")
    .max(100, "Name must be at most 100 characters"),
  expiresInDays: z
    .number({ message: "Expected an integer number of days" })
    .int("Expected an integer number of days")
    .min(1, "expiresInDays must be at least 1")
    .max(365, "expiresInDays must be at most 365")
    .optional(),
  // Omitted (or null) means no access (spec §1.3), never full access as the older backend had it.
  scopes: scopesSchema.nullable().optional(),
});

export const updateScopesSchema = z.object({
  scopes: z
    .unknown()
    .refine((v) => v !== undefined && v !== null, "Scopes are required")
    .pipe(scopesSchema),
});

export function keyRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    key_preview: row.key_preview,
    scopes: JSON.parse(row.scopes) as Scopes,
    is_active: row.is_active === 1,
    created_at: row.created_at,
    last_used_at: row.last_used_at,
    expires_at: row.expires_at,
  };
}

/** First 8 + `...` + last 4 (spec §1.2). */
export const keyPreview = (key: string) => `${key.slice(0, 8)}...${key.slice(-4)}`;
