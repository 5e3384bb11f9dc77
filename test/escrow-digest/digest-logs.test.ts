import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createLogger } from "@actuallycare/shared/worker/log";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import worker from "../../workers/escrow-digest/src/index";
import { LEASE_MS } from "../../workers/escrow-digest/src/ledger/sends-ledger";
import type { DigestMessage } from "../../workers/escrow-digest/src/run/digest-message";
import { SendError } from "../../workers/escrow-digest/src/send/email-provider";
import { signUnsubscribe } from "../../workers/escrow-digest/src/unsubscribe/unsubscribe-token";
import {
  deliver,
  digestEnv,
  FIXTURE_NOW,
  failingOn,
  injectFault,
  OPERATOR_TOKEN,
  operator,
  outbox,
  recordingProvider,
  resetAll,
  tick,
} from "./digest-helpers";

beforeEach(resetAll);
afterEach(() => vi.restoreAllMocks());

const JORDAN = { email: "jordan.lee@example.com", name: "Jordan Lee" };
const MARIA = { email: "maria.alvarez@example.com", name: "Maria Alvarez" };

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
  occurrence?: string;
  messageId?: string;
  durationMs?: number;
  [field: string]: unknown;
}

async function runBatch(queue: string, bodies: unknown[]) {
  const batch = createMessageBatch<DigestMessage>(
    queue,
    bodies.map((body, i) => ({ id: `msg-${i}`, timestamp: new Date(), attempts: 1, body: body as DigestMessage })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, digestEnv);
  return getQueueResult(batch, ctx);
}

async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > until) throw new Error(`condition not met after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

it("logs a real run as JSON events, with ids and outcomes, and never an address, a name or a secret", async () => {
  const lines = captureConsole();
  const log = createLogger("escrow-digest");

  // The cron through the real queue and consumer: a tick, two sends, a batch.
  await worker.scheduled(createScheduledController({ scheduledTime: FIXTURE_NOW, cron: "*/15 * * * *" }), digestEnv);
  await eventually(outbox, (m) => m.length >= 2);
  await eventually(
    async () => lines().filter((l) => l.includes('"digest.batch"')),
    (b) => b.length > 0,
  );

  // The next day's occurrences, for the failure paths.
  const NEXT_DAY = FIXTURE_NOW + 86_400_000;
  const [jordan, maria] = await tick(NEXT_DAY);
  if (!jordan || !maria) throw new Error("two messages");
  // The API failing: a retry.
  await injectFault({ mode: "500" });
  expect((await deliver([jordan], { log, now: () => NEXT_DAY }))[0]?.ack).toBe(false);
  // The provider refusing: a permanent failure.
  const refusing = recordingProvider(async () => {
    throw new SendError(true, "PROVIDER_VALIDATION_ERROR", `Invalid \`to\` field: ${maria.body.recipient}`);
  }, true);
  await deliver([maria], { log, provider: refusing, now: () => NEXT_DAY });
  // A crash mid-send without idempotency keys: unknown outcome, never resent.
  const binding = recordingProvider(async (n) => ({ id: `cf-${n}` }));
  const crashed = failingOn(env.ESCROW_DIGEST_DB, "UPDATE sends SET state = 'sent'");
  await deliver([jordan], { log, db: crashed, provider: binding, now: () => NEXT_DAY });
  await deliver([jordan], { log, provider: binding, now: () => NEXT_DAY + LEASE_MS + 1000 });
  // A malformed message (carrying an address) and a dead letter, through the queue handler.
  await runBatch("escrow-digest-sends", [{ recipient: JORDAN.email, nonsense: true }]);
  await runBatch("escrow-digest-dead-letters", [maria.body]);

  // HTTP: a preview, a refused operator call, an unsubscribe by token.
  expect((await operator(`/preview?recipient=${encodeURIComponent(JORDAN.email)}`)).status).toBe(200);
  expect((await operator("/admin/sends", {}, "Bearer not-the-operator-token")).status).toBe(401);
  const token = await signUnsubscribe(digestEnv.UNSUBSCRIBE_SECRET, MARIA.email, Date.now() + 86_400_000);
  // The unsubscribe link is public: no operator header.
  const unsubscribed = await operator(`/unsubscribe?token=${encodeURIComponent(token)}`, { method: "POST" }, null);
  expect(unsubscribed.status).toBe(200);

  const all = lines();
  const parsed = all.map((line): LogLine => {
    try {
      return JSON.parse(line);
    } catch {
      throw new Error(`not a JSON log line: ${line}`);
    }
  });
  for (const l of parsed) {
    expect(l.event, JSON.stringify(l)).toMatch(/^[a-z]+(\.[a-z_]+)+$/);
    expect(l.worker).toBe("escrow-digest");
    expect(["info", "warn", "error"]).toContain(l.level);
    expect(typeof l.outcome, JSON.stringify(l)).toBe("string");
  }
  const byEvent = (event: string) => parsed.filter((l) => l.event === event);
  expect(byEvent("digest.tick")[0]).toMatchObject({ enqueued: 2, recipients: 2, outcome: "ok" });
  const sent = byEvent("digest.sent");
  expect(new Set(sent.map((l) => l.occurrence)).size).toBe(2);
  for (const l of sent) {
    expect(l).toMatchObject({ provider: "http", outcome: "ok", resent: false });
    expect(l.occurrence).toMatch(/^escrow-digest\/2026-07-01\/[0-9a-f]{32}$/);
    expect(typeof l.messageId).toBe("string");
    expect(typeof l.durationMs).toBe("number");
  }
  expect(byEvent("digest.batch")[0]).toMatchObject({ messages: 2, retried: 0, outcome: "ok" });
  expect(byEvent("digest.retry")[0]).toMatchObject({ occurrence: jordan.body.occurrence, outcome: "retry" });
  expect(byEvent("digest.refused")[0]).toMatchObject({
    occurrence: maria.body.occurrence,
    code: "PROVIDER_VALIDATION_ERROR",
    outcome: "failed",
  });
  expect(byEvent("digest.unknown_outcome")[0]).toMatchObject({
    occurrence: jordan.body.occurrence,
    code: "OUTCOME_UNKNOWN",
  });
  expect(byEvent("digest.sent_unrecorded")).toHaveLength(1);
  expect(byEvent("digest.malformed_message")[0]).toMatchObject({ messageId: "msg-0", outcome: "dropped" });
  expect(byEvent("digest.dead_letter")[0]).toMatchObject({ occurrence: maria.body.occurrence, outcome: "failed" });
  const requests = byEvent("http.request");
  expect(requests.map((r) => `${r.path} ${r.status}`)).toEqual(
    expect.arrayContaining(["/preview 200", "/admin/sends 401", "/unsubscribe 200"]),
  );

  const text = all.join("\n");
  const secrets = [
    digestEnv.ACTUALLYCARE_API_KEY,
    digestEnv.RESEND_API_KEY,
    OPERATOR_TOKEN,
    "not-the-operator-token",
    digestEnv.UNSUBSCRIBE_SECRET,
    token,
    encodeURIComponent(token),
  ];
  const people = [JORDAN, MARIA].flatMap((p) => [p.email, p.name, encodeURIComponent(p.email)]);
  for (const s of [...secrets, ...people]) expect(text).not.toContain(s);
}, 60_000);
