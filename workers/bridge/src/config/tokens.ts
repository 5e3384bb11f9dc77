import * as z from "@actuallycare/shared/zod";

/** What a bridge token may do: `read` (me, triggers, samples, searches, fields, hooks) and `write` (actions). */
export const SCOPES = ["read", "write"] as const;
export type Scope = (typeof SCOPES)[number];

const tokenSchema = z.object({
  /** Shown by `/me` as the connection's name; never a secret. */
  label: z.string().check(z.minLength(1), z.maxLength(80)),
  token: z.string().check(z.minLength(24, "must be at least 24 characters"), z.maxLength(200)),
  scopes: z.array(z.enum(SCOPES)).check(
    z.minLength(1),
    z.refine((s) => new Set(s).size === s.length, "Scopes must not repeat"),
  ),
});
export type BridgeToken = z.infer<typeof tokenSchema>;

const tokensSchema = z.array(tokenSchema).check(
  z.minLength(1),
  z.refine((t) => new Set(t.map((x) => x.token)).size === t.length, "Tokens must be unique"),
  z.refine((t) => new Set(t.map((x) => x.label)).size === t.length, "Labels must be unique"),
);

/**
 * Parses the BRIDGE_TOKENS secret: `[{"label","token","scopes":["read","write"]}]`. Problems name the entry and
 * field, never a token's value.
 */
export function parseTokens(json: string): BridgeToken[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("BRIDGE_TOKENS is not valid JSON");
  }
  const result = z.safeParse(tokensSchema, raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "BRIDGE_TOKENS"}: ${i.message}`);
    throw new Error(`BRIDGE_TOKENS is invalid: ${problems.join("; ")}`);
  }
  return result.data;
}
