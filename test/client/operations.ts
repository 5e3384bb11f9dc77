/**
 * The 64 operations of the API (spec §2; shared/actuallycare-endpoints.json), as "METHOD /path" relative to /v1,
 * so the client tests can check that every one was called.
 */
export const OPERATIONS = [
  "GET /api-keys",
  "POST /api-keys",
  "PATCH /api-keys/{id}/scopes",
  "PUT /api-keys/{id}/revoke",
  "DELETE /api-keys/{id}",
  "GET /appointments",
  "POST /appointments",
  "GET /appointments/{id}",
  "PUT /appointments/{id}",
  "DELETE /appointments/{id}",
  "POST /auth/register",
  "POST /auth/login",
  "POST /auth/refresh",
  "POST /auth/logout",
  "GET /auth/verify",
  "GET /auth/profile",
  "PUT /auth/profile",
  "POST /auth/logout-all",
  "GET /auth/sessions",
  "GET /billing/public-plans",
  "POST /billing/public-checkout",
  "GET /billing/plans",
  "GET /billing/subscription",
  "POST /billing/checkout",
  "POST /billing/portal",
  "GET /clients",
  "POST /clients",
  "GET /clients/{id}",
  "PUT /clients/{id}",
  "DELETE /clients/{id}",
  "GET /contacts",
  "POST /contacts",
  "GET /contacts/search",
  "GET /contacts/{id}",
  "PUT /contacts/{id}",
  "DELETE /contacts/{id}",
  "PATCH /contacts/{id}/archive",
  "PATCH /contacts/{id}/restore",
  "GET /escrows",
  "POST /escrows",
  "GET /escrows/{id}",
  "PUT /escrows/{id}",
  "DELETE /escrows/{id}",
  "PATCH /escrows/{id}/archive",
  "PATCH /escrows/{id}/restore",
  "GET /escrows/{id}/timeline",
  "GET /leads",
  "POST /leads",
  "GET /leads/{id}",
  "PUT /leads/{id}",
  "DELETE /leads/{id}",
  "POST /leads/{id}/convert",
  "GET /listings",
  "POST /listings",
  "GET /listings/{id}",
  "PUT /listings/{id}",
  "DELETE /listings/{id}",
  "GET /webhooks",
  "POST /webhooks",
  "GET /webhooks/events",
  "GET /webhooks/events/categories",
  "PUT /webhooks/{id}",
  "DELETE /webhooks/{id}",
  "GET /webhooks/{id}/logs",
] as const;

const templates = [...OPERATIONS]
  .map((op) => {
    const [method, path] = op.split(" ") as [string, string];
    const pattern = new RegExp(`^${path.replace(/\{id\}/g, "[^/]+")}$`);
    return { op, method, pattern, params: (path.match(/\{id\}/g) ?? []).length };
  })
  // Literal segments win over `{id}`: `/contacts/search` is not `/contacts/{id}`.
  .sort((a, b) => a.params - b.params);

/** The operation a request was for, e.g. `GET /contacts/{id}`, or undefined for anything else. */
export function operationOf(method: string, url: string): string | undefined {
  const path = new URL(url).pathname.replace(/^\/v1/, "");
  return templates.find((t) => t.method === method && t.pattern.test(path))?.op;
}
