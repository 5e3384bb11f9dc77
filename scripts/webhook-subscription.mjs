// The reusable part of registering a webhook subscription with ActuallyCare (spec §2.10): log in (webhooks are
// JWT-only, role broker or system_admin), then create the subscription for a URL, or bring an existing one for that
// URL up to date (events, secret). Idempotent: running it again changes nothing. Plain fetch, so it runs in Node
// against the live API or the sandbox alike.
// MERGE NOTE: webhook-fanout's scripts/register-webhook.mjs does the same; at merge one of them becomes this module.

/**
 * @param {{ apiBase: string, email: string, password: string, url: string, events: string[], secret: string,
 *           fetch?: typeof fetch }} o
 * @returns {Promise<{ action: "created" | "updated" | "unchanged", id: string }>}
 */
export async function ensureSubscription(o) {
  const send = o.fetch ?? fetch;
  const base = o.apiBase.replace(/\/+$/, "");
  const call = async (method, path, body, token) => {
    const res = await send(`${base}${path}`, {
      method,
      headers: {
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await res.json().catch(() => null);
    if (!res.ok || json?.success !== true) {
      // The API's code and message only: never a credential or the secret.
      const code = json?.error?.code ?? `HTTP_${res.status}`;
      throw new Error(`${method} ${path} failed: ${code} ${json?.error?.message ?? ""}`.trim());
    }
    return json.data;
  };
  const login = await call("POST", "/auth/login", { email: o.email, password: o.password });
  const token = login.accessToken;
  const wanted = [...new Set(o.events.map((e) => e.toLowerCase()))].sort();
  const existing = [];
  for (let page = 1; page <= 20; page++) {
    const batch = await call("GET", `/webhooks?page=${page}&limit=100`, undefined, token);
    existing.push(...batch);
    if (batch.length < 100) break;
  }
  const mine = existing.find((w) => w.url === o.url);
  if (!mine) {
    const created = await call("POST", "/webhooks", { url: o.url, events: wanted, secret: o.secret }, token);
    return { action: "created", id: created.id };
  }
  const same = JSON.stringify([...mine.events].sort()) === JSON.stringify(wanted) && mine.secret === o.secret;
  if (same) return { action: "unchanged", id: mine.id };
  await call("PUT", `/webhooks/${encodeURIComponent(mine.id)}`, { events: wanted, secret: o.secret }, token);
  return { action: "updated", id: mine.id };
}
