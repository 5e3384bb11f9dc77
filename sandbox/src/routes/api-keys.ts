import { Hono } from "hono";
import type { AppEnv, Deps } from "../app-env";
import { sha256Hex } from "../auth/crypto";
import { guard } from "../auth/guard";
import { notFound } from "../http/api-error";
import { readJsonObject } from "../http/body";
import { ok } from "../http/envelope";
import { validate } from "../http/validate";
import { randomHex } from "../ids";
import { type ApiKeyRow, createKeySchema, keyPreview, keyRecord, updateScopesSchema } from "../resources/api-keys";

const DAY_MS = 86_400_000;

/** One of the caller's keys; anyone else's (or an unknown id) is a 404. */
function ownKey(deps: Deps, userId: string, id: string): ApiKeyRow {
  const row = deps.sql.one<ApiKeyRow>("SELECT * FROM api_keys WHERE id = ? AND user_id = ?", id, userId);
  if (!row) throw notFound("API key");
  return row;
}

/** API keys (spec §2.1): JWT only, the caller's own keys; waitlisted users are refused by the guard. */
export function apiKeyRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.use("*", guard({ auth: "jwt" }));

  r.get("/", (c) => {
    const rows = c.env.sql.all<ApiKeyRow>(
      "SELECT * FROM api_keys WHERE user_id = ? ORDER BY created_at DESC, rowid DESC",
      c.var.caller.user.id,
    );
    return ok(c, rows.map(keyRecord));
  });

  r.post("/", async (c) => {
    const input = validate(createKeySchema, await readJsonObject(c, c.env.config().maxBodyBytes));
    const key = randomHex(32);
    const now = c.env.clock.now();
    const row: ApiKeyRow = {
      id: c.env.nextId(),
      user_id: c.var.caller.user.id,
      name: input.name,
      key_hash: await sha256Hex(key),
      key_preview: keyPreview(key),
      scopes: JSON.stringify(input.scopes ?? {}),
      is_active: 1,
      created_at: new Date(now).toISOString(),
      last_used_at: null,
      expires_at: input.expiresInDays ? new Date(now + input.expiresInDays * DAY_MS).toISOString() : null,
    };
    const cols = Object.keys(row);
    c.env.sql.run(
      `INSERT INTO api_keys (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`,
      ...Object.values(row),
    );
    return ok(c, { ...keyRecord(row), key }, 201);
  });

  r.patch("/:id/scopes", async (c) => {
    const { scopes } = validate(updateScopesSchema, await readJsonObject(c, c.env.config().maxBodyBytes));
    const row = ownKey(c.env, c.var.caller.user.id, c.req.param("id"));
    c.env.sql.run("UPDATE api_keys SET scopes = ? WHERE id = ?", JSON.stringify(scopes), row.id);
    return ok(c, keyRecord({ ...row, scopes: JSON.stringify(scopes) }));
  });

  r.put("/:id/revoke", (c) => {
    const row = ownKey(c.env, c.var.caller.user.id, c.req.param("id"));
    c.env.sql.run("UPDATE api_keys SET is_active = 0 WHERE id = ?", row.id);
    return ok(c, keyRecord({ ...row, is_active: 0 }), 200, { message: "API key revoked" });
  });

  r.delete("/:id", (c) => {
    const row = ownKey(c.env, c.var.caller.user.id, c.req.param("id"));
    c.env.sql.run("DELETE FROM api_keys WHERE id = ?", row.id);
    return ok(c, { id: row.id });
  });

  return r;
}
