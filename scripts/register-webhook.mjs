// The one ActuallyCare webhook subscription setup, behind both `npm run fanout:register` and `npm run bridge:register`
// (and npm start's local registrations): log in with the JWT session (webhooks are JWT-only, role broker), find the
// active subscription for the URL, and create it or bring its events and secret up to date. A second run changes
// nothing; `--dry-run` says what it would do and writes nothing. Secrets and passwords are never printed.

export const DEFAULT_API_BASE = "https://api.actuallycare.com/v1";
/** The API lists at most 100 per page; 20 pages is more subscriptions than any account has. */
const PAGE_SIZE = 100;
const MAX_PAGES = 20;

const sameEvents = (a, b) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** A missing or wrong option or variable: the command exits 2, an API failure exits 1. */
export class UsageError extends Error {}

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
  if (events.length === 0) throw new UsageError("no events to subscribe to");
  if (o.secret.length < 10) throw new UsageError("the webhook secret must be at least 10 characters");

  const call = async (method, path, token, body) => {
    const res = await send(`${base}${path}`, {
      method,
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
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
      // The API's code and message only: never a credential or the secret.
      const code = parsed?.error?.code ?? `HTTP ${res.status}`;
      throw new Error(`${method} ${path} failed: ${code}${parsed?.error?.message ? ` (${parsed.error.message})` : ""}`);
    }
    return parsed.data;
  };

  const login = await call("POST", "/auth/login", null, { email: o.email, password: o.password });
  const token = login.accessToken;
  let existing;
  for (let page = 1; page <= MAX_PAGES && !existing; page++) {
    const batch = await call("GET", `/webhooks?page=${page}&limit=${PAGE_SIZE}`, token);
    existing = batch.find((w) => w.url === o.url && w.active !== false);
    if (batch.length < PAGE_SIZE) break;
  }
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

/** A worker's base URL (e.g. DEPLOYED_URL) to the `/ingest` URL ActuallyCare posts to. */
export const ingestUrlOf = (workerUrl) => `${workerUrl.replace(/\/+$/, "")}/ingest`;

/**
 * The command line both register commands share. Reads `--dry-run`, `--api` (else ACTUALLYCARE_BASE_URL, else the
 * live API), ACTUALLYCARE_EMAIL and ACTUALLYCARE_PASSWORD, the secret from `secretVar`, and the ingest URL from
 * `ingestUrl(option)`, else DEPLOYED_URL + /ingest (what `npm run deploy` sets after a deploy).
 * @param {{ argv: string[], env: Record<string, string | undefined>, secretVar: string, hint: string,
 *   ingestUrl: (option: (name: string) => string | undefined) => string | undefined,
 *   events: (option: (name: string) => string | undefined) => string[] | Promise<string[]>,
 *   fetch?: typeof fetch, log?: (line: string) => void }} o
 * @returns {Promise<RegisterResult>}
 */
export async function registerFromArgs(o) {
  const option = (name) => {
    const i = o.argv.indexOf(`--${name}`);
    return i >= 0 ? o.argv[i + 1] : undefined;
  };
  const need = (name, value) => {
    if (!value) throw new UsageError(`${name} is required (${o.hint})`);
    return value;
  };
  const deployed = o.env.DEPLOYED_URL ? ingestUrlOf(o.env.DEPLOYED_URL) : undefined;
  return registerWebhook({
    baseUrl: option("api") ?? o.env.ACTUALLYCARE_BASE_URL ?? DEFAULT_API_BASE,
    email: need("ACTUALLYCARE_EMAIL", o.env.ACTUALLYCARE_EMAIL),
    password: need("ACTUALLYCARE_PASSWORD", o.env.ACTUALLYCARE_PASSWORD),
    secret: need(o.secretVar, o.env[o.secretVar]),
    url: need("the ingest URL", o.ingestUrl(option) ?? deployed),
    events: await o.events(option),
    dryRun: o.argv.includes("--dry-run"),
    fetch: o.fetch,
    log: o.log,
  });
}

/** Runs a register command as a process: `name: message` on failure, exit 2 for usage, 1 for the API. */
export async function runRegisterCommand(name, run) {
  try {
    await run();
  } catch (err) {
    console.error(`✖ ${name}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  }
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
