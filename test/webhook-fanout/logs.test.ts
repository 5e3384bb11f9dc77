import { env } from "cloudflare:workers";
import { afterEach, expect, it, vi } from "vitest";
import worker from "../../workers/webhook-fanout/src/index";
import { admin, deliveryRows, eventBody, eventually, ingest, OPERATOR_TOKEN, SECRET } from "./fanout-helpers";

afterEach(() => vi.restoreAllMocks());

/** Everything the worker writes to the console (its log in production), still printed as usual. */
function captureConsole(): () => string[] {
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) => vi.spyOn(console, level));
  return () => spies.flatMap((s) => s.mock.calls.map((args) => args.map(String).join(" ")));
}

interface LogLine {
  event: string;
  worker: string | null;
  level: string;
  outcome?: string;
  eventId?: string;
  destinationId?: string;
  messageId?: string;
  [field: string]: unknown;
}

const ALL = ["slack", "teams", "discord", "http", "flaky", "limited", "broken", "gone"];

it("logs a real fan-out as JSON events with ids and outcomes, never a secret, a URL or the lead's details", async () => {
  const lines = captureConsole();
  const run = crypto.randomUUID().replace(/-/g, "").slice(0, 10);
  const person = { name: `Ysolde Marchbanks ${run}`, email: `ysolde.${run}@example.com`, phone: "(661) 555-0199" };
  // A fault-drill lead reaches the four healthy destinations and the four faulty ones: sent, retried, 429, dead, 410.
  const raw = eventBody("lead.created", { id: crypto.randomUUID(), ...person, source: "Fault drill", status: "new" });
  const res = await ingest(raw);
  expect(res.status).toBe(200);
  const { eventId } = ((await res.json()) as { data: { eventId: string } }).data;
  expect((await ingest(raw)).status).toBe(200); // a duplicate
  expect((await ingest(raw, { secret: "someone-elses-secret" })).status).toBe(401);
  await eventually(
    () => deliveryRows(eventId),
    (rows) => rows.length === ALL.length && rows.every((r) => r.state !== "queued"),
    30_000,
  );
  expect((await admin(`/deliveries?event=${eventId}`)).status).toBe(200);
  await worker.scheduled({ cron: "17 3 * * *", scheduledTime: Date.now(), noRetry() {} } as ScheduledController, env);
  // The dead letter's consumer runs after the broken destination's last attempt: wait for its line.
  await eventually(
    async () => lines().filter((l) => l.includes('"delivery.dead_lettered"')),
    (l) => l.length > 0,
  );

  const all = lines();
  const parsed = all.map((l) => JSON.parse(l) as LogLine);
  for (const line of parsed) {
    expect(line).toMatchObject({ worker: "webhook-fanout", event: expect.any(String), outcome: expect.any(String) });
  }
  const ours = parsed.filter((l) => l.eventId === eventId);
  const events = (name: string) => ours.filter((l) => l.event === name);
  expect(parsed.filter((l) => l.event === "ingest.accepted" && l.eventId === eventId).map((l) => l.outcome)).toEqual([
    "ok",
    "duplicate",
  ]);
  expect(new Set(events("delivery.sent").map((l) => l.destinationId))).toEqual(
    new Set(["slack", "teams", "discord", "http", "flaky", "limited"]),
  );
  expect(
    events("delivery.sent").every((l) => typeof l.messageId === "string" && typeof l.durationMs === "number"),
  ).toBe(true);
  expect(events("delivery.retry").some((l) => l.destinationId === "broken" && l.outcome === "retry")).toBe(true);
  expect(events("delivery.dead")).toEqual([
    expect.objectContaining({ destinationId: "broken", outcome: "dead", reason: "RETRIES_EXHAUSTED" }),
  ]);
  // The gone destination answers 410 once, then is disabled (here or by an earlier test): parked either way.
  expect(ours.some((l) => l.destinationId === "gone" && l.outcome === "parked")).toBe(true);
  expect(parsed.some((l) => l.event === "http.request" && l.path === "/ingest" && l.outcome === "rejected")).toBe(true);
  expect(parsed.some((l) => l.event === "retention.pass" && l.outcome === "ok")).toBe(true);

  const text = all.join("\n");
  const bindings = env as unknown as Record<string, string>;
  const secrets = [
    SECRET,
    env.ACTUALLYCARE_WEBHOOK_SECRET_PREVIOUS,
    OPERATOR_TOKEN,
    env.HTTP_DESTINATION_SECRET,
    bindings.FLAKY_SECRET,
    env.SLACK_WEBHOOK_URL,
    env.TEAMS_WEBHOOK_URL,
    env.DISCORD_WEBHOOK_URL,
    env.HTTP_DESTINATION_URL,
    bindings.BROKEN_URL,
    bindings.GONE_URL,
    "/__inbox/",
    "someone-elses-secret",
  ];
  for (const secret of secrets) expect(text).not.toContain(secret);
  for (const detail of [person.name, person.email, person.phone, "Ysolde", run]) expect(text).not.toContain(detail);
});
