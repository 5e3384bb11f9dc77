import { env } from "cloudflare:workers";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { fanOut, type HookMessage } from "../../workers/bridge/src/hooks/fan-out";
import { QUEUES } from "../../workers/bridge/src/queue/queue-handler";
import { runScheduled } from "../../workers/bridge/src/reconcile/scheduled";
import { bridge, fakeTargets, postIngest, resetAll, runQueue, signedWebhook } from "./bridge-helpers";
import { FULL_TOKEN, PREVIOUS_WEBHOOK_SECRET, READ_TOKEN, WEBHOOK_SECRET } from "./test-bindings";

beforeEach(resetAll);
afterEach(() => vi.restoreAllMocks());

/** Everything the worker writes to the console (its log in production), still printed as usual. */
function captureConsole(): () => string[] {
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) => vi.spyOn(console, level));
  return () => spies.flatMap((s) => s.mock.calls.map((args) => args.map(String).join(" ")));
}

interface LogLine {
  event: string;
  worker: string | null;
  outcome?: string;
  hookId?: string;
  cursor?: number;
  [field: string]: unknown;
}

it("logs ingest, hook deliveries and the cron as JSON events, never a token, a target URL or a lead's details", async () => {
  const lines = captureConsole();
  const person = { name: "Ysolde Marchbanks", email: "ysolde.marchbanks@example.com", phone: "(661) 555-0188" };
  const lead = { id: crypto.randomUUID(), ...person, source: "Zillow", status: "new" };
  // Three hooks whose target URLs carry a token, as Zapier's do: one answers 2xx, one 500, one 410.
  const targets = ["ok", "fail", "gone"].map((p) => `https://hooks.zapier.com/${p}/standard/1/tok${p}9f8e7d6c5b4a`);
  const hookIds: string[] = [];
  for (const target_url of targets) {
    const r = await bridge("/hooks", { method: "POST", body: { event: "lead.created", target_url } });
    expect(r.status).toBe(201);
    hookIds.push(r.body.id);
  }
  expect((await bridge("/hooks", { token: "not-a-bridge-token-0000000000000" })).status).toBe(401);

  // A real signed webhook through /ingest, fanned out to a recording queue so the test runs the consumer itself.
  const hook = await signedWebhook("lead.created", lead);
  const sent: HookMessage[] = [];
  const queue = { sendBatch: async (m: Array<{ body: HookMessage }>) => void sent.push(...m.map((x) => x.body)) };
  vi.spyOn(env.HOOK_DELIVERIES as unknown as typeof queue, "sendBatch").mockImplementation(queue.sendBatch);
  expect((await postIngest(hook)).status).toBe(200);
  if (sent.length === 0) {
    const cursor = (await env.BRIDGE_DB.prepare("SELECT max(cursor) AS c FROM events").first<{ c: number }>())?.c;
    await fanOut(env.BRIDGE_DB, queue as unknown as Queue<HookMessage>, cursor ?? 0, Date.now());
  }
  expect(sent).toHaveLength(3);
  const targetsFake = fakeTargets();
  await runQueue(QUEUES.hookDeliveries, sent, { overrides: { hookFetch: targetsFake.fetch } });
  await runQueue(QUEUES.hookDeliveries, sent, { overrides: { hookFetch: targetsFake.fetch } });
  await runQueue(QUEUES.hookDeadLetters, sent);
  await runScheduled(env, { pace: false });

  const all = lines();
  const parsed = all.map((l) => JSON.parse(l) as LogLine);
  for (const line of parsed) {
    expect(line).toMatchObject({ worker: "bridge", event: expect.any(String), outcome: expect.any(String) });
  }
  const of = (event: string, hookId?: string) =>
    parsed.filter((l) => l.event === event && (hookId === undefined || l.hookId === hookId));
  const [ok, fail, gone] = hookIds;
  expect(of("hook.delivered", ok)).toHaveLength(1);
  expect(of("hook.retry", fail).map((l) => l.outcome)).toEqual(["retry", "retry"]);
  expect(of("hook.unsubscribed", gone)).toHaveLength(1);
  expect(of("hook.skipped", ok)).toHaveLength(1);
  expect(of("hook.dead").some((l) => l.outcome === "dead")).toBe(true);
  expect(of("reconcile.pass")).toHaveLength(1);
  expect(parsed.some((l) => l.event === "http.request" && l.path === "/ingest" && l.outcome === "ok")).toBe(true);
  expect(parsed.some((l) => l.event === "http.request" && l.status === 401 && l.outcome === "rejected")).toBe(true);

  const text = all.join("\n");
  const secrets = [
    FULL_TOKEN,
    READ_TOKEN,
    WEBHOOK_SECRET,
    PREVIOUS_WEBHOOK_SECRET,
    "not-a-bridge-token",
    env.ACTUALLYCARE_API_KEY,
    env.ACTUALLYCARE_PASSWORD,
    "hooks.zapier.com",
    "9f8e7d6c5b4a",
  ];
  for (const secret of secrets) expect(text).not.toContain(secret);
  for (const detail of [person.name, person.email, person.phone, "Ysolde", "maria.alvarez", "Maria Alvarez"]) {
    expect(text).not.toContain(detail);
  }
});
