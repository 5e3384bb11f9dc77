import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type FanoutAttempt, type FanoutLog, readFanoutLog } from "../../sandbox/src/fanout-log";
import { fanoutLogSection } from "../../sandbox/src/fanout-log-view";

// The landing page's view of webhook-fanout's delivery log, read server-side with the operator token.
const TOKEN = "local-operator-token-5f2c0a9e7d41b3c8";
const CONFIGURED = { FANOUT_ADMIN_URL: "http://localhost:8791/", FANOUT_OPERATOR_TOKEN: TOKEN };
const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

const attempt = (over: Partial<FanoutAttempt> = {}): FanoutAttempt => ({
  eventId: "a".repeat(64),
  event: "lead.created",
  destinationId: "slack",
  attempt: 1,
  outcome: "delivered",
  status: 200,
  errorClass: null,
  durationMs: 42,
  at: "2026-07-01T16:00:01.000Z",
  ...over,
});

type Answer = { status?: number; body: unknown };
/** A stand-in for the fan-out's /admin: records what it was asked, answers per path; refuses a wrong token. */
function fakeFanout(answers: { attempts: Answer; deliveries: Answer }) {
  const calls: Array<{ url: string; auth: string | null }> = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    calls.push({ url: req.url, auth: req.headers.get("Authorization") });
    if (req.headers.get("Authorization") !== `Bearer ${TOKEN}`)
      return Response.json({ success: false }, { status: 401 });
    const a = new URL(req.url).pathname.endsWith("/attempts") ? answers.attempts : answers.deliveries;
    return Response.json(a.body, { status: a.status ?? 200 });
  }) as typeof fetch;
  return { fetcher, calls };
}

const ok = (attempts: unknown[], deliveries: unknown[] = []) => ({
  attempts: { body: { success: true, data: { attempts } } },
  deliveries: { body: { success: true, data: { deliveries } } },
});

describe("reading webhook-fanout's delivery log", () => {
  it("asks /admin/attempts and the failed /admin/deliveries with the token, server-side", async () => {
    const fake = fakeFanout(ok([attempt()]));
    const log = await readFanoutLog(CONFIGURED, fake.fetcher);
    expect(log).toEqual({ state: "ok", attempts: [attempt()], failed: [] });
    expect(fake.calls.map((c) => c.url).sort()).toEqual([
      "http://localhost:8791/admin/attempts?limit=20",
      "http://localhost:8791/admin/deliveries?failed=true&limit=10",
    ]);
    expect(fake.calls.every((c) => c.auth === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("is not configured without a URL or a token, and then calls nothing", async () => {
    const fake = fakeFanout(ok([]));
    for (const e of [{}, { FANOUT_ADMIN_URL: "http://localhost:8791" }, { FANOUT_OPERATOR_TOKEN: TOKEN }]) {
      expect(await readFanoutLog(e, fake.fetcher)).toEqual({ state: "not-configured" });
    }
    expect(fake.calls).toEqual([]);
  });

  it("says not running when nothing listens, and gives up on a fan-out that hangs", async () => {
    // A real connection to a port nothing listens on, as when npm start's fan-out is not up.
    expect(await readFanoutLog({ ...CONFIGURED, FANOUT_ADMIN_URL: "http://127.0.0.1:9" })).toEqual({
      state: "unreachable",
      reason: "not running",
    });
    const hang = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      )) as typeof fetch;
    const started = Date.now();
    expect(await readFanoutLog(CONFIGURED, hang, 50)).toEqual({ state: "unreachable", reason: "timed out" });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("reports a refused token or an unreadable answer by status only", async () => {
    expect(await readFanoutLog({ ...CONFIGURED, FANOUT_OPERATOR_TOKEN: "wrong" }, fakeFanout(ok([])).fetcher)).toEqual({
      state: "refused",
      status: 401,
    });
    const broken = fakeFanout({
      attempts: { body: { success: true, data: { rows: [] } } },
      deliveries: ok([]).deliveries,
    });
    expect(await readFanoutLog(CONFIGURED, broken.fetcher)).toEqual({ state: "unexpected" });
    const failing = fakeFanout({ ...ok([]), deliveries: { status: 500, body: { error: `token ${TOKEN}` } } });
    expect(await readFanoutLog(CONFIGURED, failing.fetcher)).toEqual({ state: "refused", status: 500 });
  });
});

describe("rendering it on the landing page", () => {
  it("shows each attempt's destination, event, attempt, status, duration and error class, failed ones marked", async () => {
    const failed = attempt({
      destinationId: "discord",
      attempt: 3,
      outcome: "retry",
      status: 503,
      errorClass: "http_5xx",
      durationMs: 1234,
    });
    const dead = {
      eventId: "b".repeat(64),
      event: "escrow.status_changed",
      destinationId: "teams",
      state: "dead",
      tries: 4,
      lastError: "http_500",
      updatedAt: "2026-07-01T16:20:00.000Z",
    };
    const html = fanoutLogSection(await readFanoutLog(CONFIGURED, fakeFanout(ok([failed, attempt()], [dead])).fetcher));
    expect(html).toContain(
      `<tr class="failed"><td>2026-07-01T16:00:01.000Z</td><td>discord</td><td>lead.created <code title="${"a".repeat(64)}">aaaaaaaaaaaa</code></td><td>3</td><td>✗ retry 503</td><td>1234 ms</td><td>http_5xx</td></tr>`,
    );
    expect(html).toContain(`<tr class="ok"><td>2026-07-01T16:00:01.000Z</td><td>slack</td>`);
    expect(html).toContain("<td>✓ delivered 200</td><td>42 ms</td>");
    expect(html).toMatch(
      /<tr class="failed"><td>2026-07-01T16:20:00.000Z<\/td><td>teams<\/td><td>escrow.status_changed .*<td>dead<\/td><td>4<\/td><td>http_500<\/td><\/tr>/,
    );
  });

  it("escapes every value the fan-out returns", async () => {
    const hostile = attempt({
      event: HOSTILE,
      destinationId: HOSTILE,
      errorClass: HOSTILE,
      eventId: HOSTILE,
      at: HOSTILE,
    });
    const dead = {
      eventId: HOSTILE,
      event: HOSTILE,
      destinationId: HOSTILE,
      state: HOSTILE,
      tries: 1,
      lastError: HOSTILE,
      updatedAt: HOSTILE,
    };
    const html = fanoutLogSection(await readFanoutLog(CONFIGURED, fakeFanout(ok([hostile], [dead])).fetcher));
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>|title="<|"x"/);
    expect(html).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;");
  });

  it("says why there is no log, in every state, and never shows the token", async () => {
    const states: FanoutLog[] = [
      { state: "not-configured" },
      { state: "unreachable", reason: "not running" },
      { state: "unreachable", reason: "timed out" },
      { state: "refused", status: 401 },
      { state: "refused", status: 500 },
      { state: "unexpected" },
    ];
    const texts = states.map(fanoutLogSection);
    expect(texts[0]).toContain("Not configured");
    expect(texts[1]).toContain("webhook-fanout is not running");
    expect(texts[2]).toContain("did not answer in time");
    expect(texts[3]).toContain("refused the playground's operator token (HTTP 401)");
    expect(texts[4]).toContain("answered HTTP 500");
    expect(texts[5]).toContain("not with a delivery log");
    expect(new Set(texts).size).toBe(states.length);
    // With a fan-out that echoes the token in a refusal, too.
    const echo = fakeFanout({ ...ok([]), attempts: { status: 500, body: { error: TOKEN } } });
    expect(fanoutLogSection(await readFanoutLog(CONFIGURED, echo.fetcher))).not.toContain(TOKEN);
  });

  it("is on the landing page, which says the fan-out is not running, and the token is not", async () => {
    // vitest.config.mts gives the playground a token and an admin URL where nothing listens.
    expect(env.FANOUT_OPERATOR_TOKEN).toMatch(/^test-/);
    const res = await SELF.fetch("http://localhost:8787/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h3>webhook-fanout's delivery log</h3>");
    expect(html).toContain("webhook-fanout is not running");
    expect(html).not.toContain(env.FANOUT_OPERATOR_TOKEN);
  });
});
