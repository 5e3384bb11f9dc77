import { authApi } from "@actuallycare/shared/client/groups/auth";
import { Hono } from "hono";
import { bridgeTransport } from "../api/api-client";
import { apiFailure } from "../api/api-failure";
import type { AppEnv } from "../app-env";
import { tokenAuth } from "../auth/token-auth";

/**
 * `GET /me`, the auth test: the token's label and scopes, and the ActuallyCare user and team the bridge acts as, for
 * a connection's name. The API has no team endpoint; the team id is the one the webhooks carry (null until one came).
 */
export function meRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.get("/me", tokenAuth("read"), async (c) => {
    const transport = await bridgeTransport(c.env, c.var.config, c.var.now, { priority: "interactive" });
    const user = await authApi(transport)
      .profile()
      .catch((err) => apiFailure(err, c.var.now()));
    const team = await c.env.BRIDGE_DB.prepare("SELECT value FROM facts WHERE key = 'team_id'").first<{
      value: string;
    }>();
    const name = `${user.firstName} ${user.lastName}`.trim();
    return c.json({
      token: { label: c.var.token.label, scopes: c.var.token.scopes },
      user: { id: user.id, email: user.email, name, role: user.role },
      team: team ? { id: team.value } : null,
      connection_label: `${name} (${user.email}) via ${c.var.token.label}`,
    });
  });
  return r;
}
