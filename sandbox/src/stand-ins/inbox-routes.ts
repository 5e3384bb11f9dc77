import { readBodyBytes } from "@actuallycare/shared/http/read-body";
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { ApiError } from "../http/api-error";
import { ok } from "../http/envelope";
import { discordRefusal } from "./discord-check";
import { slackRefusal } from "./slack-check";

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const MAX_BODY = 1_048_576;
/** Older requests of an inbox are forgotten beyond this many (enough for the fan-out benchmark's 1,000 events). */
const KEEP = 5000;

interface Stored {
  seq: number;
  headers: string;
  body: string;
  status: number;
  received_at: string;
}

/** Which platform an inbox plays, by its name: `slack`, `slack-sales`, `discord`, `teams`, anything else is plain. */
const platformOf = (name: string) => name.split("-")[0] as string;

/**
 * How an inbox answers: as its platform does (Slack `ok`, Discord 204, Teams 202, others 200), with the
 * platform's 400 for what it refuses, or a failure asked for in the query (for trying retries locally):
 * `status=C` always, `failEvery=K` on every K-th request, `failFirst=N` on the first N, `retryAfter=S` adds
 * `Retry-After: S` to a failure.
 */
function answer(
  name: string,
  body: string,
  count: number,
  query: URLSearchParams,
): { status: number; response: Response } {
  const fail = Number(query.get("status") ?? 500);
  const every = Number(query.get("failEvery") ?? 0);
  const first = Number(query.get("failFirst") ?? 0);
  const failing =
    (query.has("status") && !query.has("failEvery") && !query.has("failFirst")) ||
    (every > 0 && count % every === 0) ||
    count <= first;
  if (failing && fail >= 300) {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (query.has("retryAfter")) headers["Retry-After"] = String(query.get("retryAfter"));
    if (fail >= 300 && fail < 400) headers.Location = "https://example.invalid/moved";
    return {
      status: fail,
      response: new Response(JSON.stringify({ inbox: name, status: fail }), { status: fail, headers }),
    };
  }
  const platform = platformOf(name);
  if (platform === "slack") {
    const refusal = slackRefusal(body);
    return refusal
      ? { status: 400, response: new Response(refusal, { status: 400, headers: { "Content-Type": "text/plain" } }) }
      : { status: 200, response: new Response("ok", { headers: { "Content-Type": "text/plain" } }) };
  }
  if (platform === "discord") {
    const errors = discordRefusal(body);
    return errors
      ? { status: 400, response: Response.json({ code: 50035, message: "Invalid Form Body", errors }, { status: 400 }) }
      : { status: 204, response: new Response(null, { status: 204 }) };
  }
  if (platform === "teams") return { status: 202, response: new Response(null, { status: 202 }) };
  return { status: 200, response: Response.json({ received: true }) };
}

/**
 * `/__inbox/{name}`: the playground's local stand-ins for Slack, Teams, Discord and HTTP destinations (not part
 * of the API). POST captures a request and answers as the platform would; GET lists what was captured
 * (`data.requests[]`: headers, raw body, receivedAt, the status answered), oldest first; DELETE forgets them.
 */
export function inboxRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const nameOf = (raw: string) => {
    if (!NAME.test(raw)) throw new ApiError(404, "NOT_FOUND", "Inbox names are lower-case letters, digits and dashes");
    return raw;
  };
  r.get("/", (c) => {
    const inboxes = c.env.sql.all<{ inbox: string; count: number; last: string }>(
      "SELECT inbox, count(*) AS count, max(received_at) AS last FROM inbox_requests GROUP BY inbox ORDER BY inbox",
    );
    return ok(c, { inboxes: inboxes.map((i) => ({ name: i.inbox, count: i.count, lastReceivedAt: i.last })) });
  });
  r.post("/:name", async (c) => {
    const name = nameOf(c.req.param("name"));
    let bytes: Uint8Array;
    try {
      bytes = await readBodyBytes(c.req.raw, MAX_BODY);
    } catch {
      throw new ApiError(413, "PAYLOAD_TOO_LARGE", `Inbox bodies are at most ${MAX_BODY} bytes`);
    }
    const body = new TextDecoder().decode(bytes);
    const count =
      (c.env.sql.one<{ n: number }>("SELECT count(*) AS n FROM inbox_requests WHERE inbox = ?", name)?.n ?? 0) + 1;
    const { status, response } = answer(name, body, count, new URL(c.req.url).searchParams);
    const headers = Object.fromEntries([...c.req.raw.headers].map(([k, v]) => [k.toLowerCase(), v]));
    c.env.sql.run(
      "INSERT INTO inbox_requests (inbox, path, headers, body, status, received_at) VALUES (?, ?, ?, ?, ?, ?)",
      name,
      new URL(c.req.url).pathname + new URL(c.req.url).search,
      JSON.stringify(headers),
      body,
      status,
      new Date().toISOString(),
    );
    // seq runs across every inbox, so the cut is this inbox's KEEP-th newest row, not a seq distance.
    c.env.sql.run(
      "DELETE FROM inbox_requests WHERE inbox = ? AND seq <= (SELECT seq FROM inbox_requests WHERE inbox = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)",
      name,
      name,
      KEEP,
    );
    return response;
  });
  r.get("/:name", (c) => {
    const name = nameOf(c.req.param("name"));
    const limit = Math.min(KEEP, Math.max(1, Number(c.req.query("limit") ?? 200) || 200));
    const rows = c.env.sql
      .all<Stored>(
        "SELECT seq, headers, body, status, received_at FROM inbox_requests WHERE inbox = ? ORDER BY seq DESC LIMIT ?",
        name,
        limit,
      )
      .reverse();
    return ok(c, {
      name,
      requests: rows.map((row) => ({
        headers: JSON.parse(row.headers) as Record<string, string>,
        body: row.body,
        receivedAt: row.received_at,
        status: row.status,
      })),
    });
  });
  r.delete("/:name", (c) => {
    const name = nameOf(c.req.param("name"));
    return ok(c, { name, removed: c.env.sql.run("DELETE FROM inbox_requests WHERE inbox = ?", name) });
  });
  return r;
}
