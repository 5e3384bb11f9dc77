// The idempotent ActuallyCare webhook subscription setup that webhook-fanout (and later the bridge) run: log in
// with the JWT session (webhooks are JWT-only, role broker), find the active subscription for the URL, and create
// it or bring its events and secret up to date. A second run changes nothing. Secrets are never printed.

const sameEvents = (a, b) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * @typedef {{ action: "create" | "update" | "unchanged", id: string | null, url: string, events: string[], changes: string[], dryRun: boolean }} RegisterResult
 * @param {{ baseUrl: string, email: string, password: string, url: string, events: string[], secret: string,
 *   dryRun?: boolean, fetch?: typeof fetch, log?: (line: string) => void }} o
 * @returns {Promise<RegisterResult>}
 */
export async function registerWebhook(o) {
  const send = o.fetch ?? globalThis.fetch;
  const log = o.log ?? (() => {});
  const base = o.baseUrl.replace(/\/+$/, "");
  const events = [...new Set(o.events.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (events.length === 0) throw new Error("no events to subscribe to");
  if (o.secret.length < 10) throw new Error("the webhook secret must be at least 10 characters");

  const call = async (method, path, token, body) => {
    const res = await send(`${base}${path}`, {
      method,
      headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: reported below
    }
    if (!res.ok || !parsed?.success) {
      const code = parsed?.error?.code ?? `HTTP ${res.status}`;
      throw new Error(`${method} ${path} failed: ${code}${parsed?.error?.message ? ` (${parsed.error.message})` : ""}`);
    }
    return parsed.data;
  };

  const login = await call("POST", "/auth/login", null, { email: o.email, password: o.password });
  const token = login.accessToken;
  const existing = (await call("GET", "/webhooks?limit=100", token)).find((w) => w.url === o.url && w.active !== false);
  if (!existing) {
    log(`${o.dryRun ? "would create" : "creating"} a subscription for ${o.url}: ${events.join(", ")}`);
    const made = o.dryRun ? null : await call("POST", "/webhooks", token, { url: o.url, events, secret: o.secret });
    return {
      action: "create",
      id: made?.id ?? null,
      url: o.url,
      events,
      changes: ["url", "events", "secret"],
      dryRun: !!o.dryRun,
    };
  }
  const changes = [];
  if (!sameEvents(existing.events, events)) changes.push("events");
  if (existing.secret !== o.secret) changes.push("secret");
  if (changes.length === 0) {
    log(`subscription ${existing.id} for ${o.url} is up to date`);
    return { action: "unchanged", id: existing.id, url: o.url, events, changes, dryRun: !!o.dryRun };
  }
  log(`${o.dryRun ? "would update" : "updating"} subscription ${existing.id}: ${changes.join(", ")}`);
  if (!o.dryRun) {
    await call("PUT", `/webhooks/${encodeURIComponent(existing.id)}`, token, {
      ...(changes.includes("events") ? { events } : {}),
      ...(changes.includes("secret") ? { secret: o.secret } : {}),
    });
  }
  return { action: "update", id: existing.id, url: o.url, events, changes, dryRun: !!o.dryRun };
}

/**
 * Moves the local sandbox's clock to the real time when they differ (its fixtures start on 2026-07-01, and its
 * webhooks carry its time), so the fan-out's freshness check passes for real. Returns the previous sandbox time
 * when it moved the clock, else null.
 * @param {string} playgroundUrl e.g. http://localhost:8787
 */
export async function alignSandboxClock(playgroundUrl, send = globalThis.fetch) {
  const read = await (await send(`${playgroundUrl}/__sandbox/clock`)).json();
  const sandboxNow = Date.parse(read?.data?.now);
  if (Number.isFinite(sandboxNow) && Math.abs(sandboxNow - Date.now()) < 60_000) return null;
  const res = await send(`${playgroundUrl}/__sandbox/clock`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ now: new Date().toISOString(), frozen: false }),
  });
  if (!res.ok) throw new Error(`could not set the sandbox clock: HTTP ${res.status}`);
  return read?.data?.now ?? "unknown";
}
