import { env } from "cloudflare:workers";
import { createLogger } from "@actuallycare/shared/worker/log";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { parseForms } from "../../workers/lead-intake/src/config/forms";
import { deliverSubmission } from "../../workers/lead-intake/src/delivery/deliver-submission";
import {
  acceptOnly,
  DEAD_LETTER_QUEUE,
  deliveryDeps,
  failingOn,
  idOf,
  injectFault,
  OPERATOR_TOKEN,
  operator,
  person,
  resetAll,
  runQueue,
  settled,
  submitJson,
} from "./intake-helpers";

beforeEach(resetAll);
afterEach(() => vi.restoreAllMocks());

/** Everything the worker writes to the console (which is its log in production), still printed as usual. */
function captureConsole(): { text: () => string; lines: () => string[] } {
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) => vi.spyOn(console, level));
  const lines = () =>
    spies.flatMap((s) =>
      s.mock.calls.map((args) => args.map((a) => (a instanceof Error ? a.stack : String(a))).join(" ")),
    );
  return { text: () => lines().join("\n"), lines };
}

/** A log line as Workers Logs indexes it. */
interface LogLine {
  event: string;
  worker: string | null;
  level: string;
  outcome?: string;
  requestId?: string;
  messageId?: string;
  submissionId?: string | null;
  durationMs?: number;
  [field: string]: unknown;
}

it("never logs the API key, the operator token or a visitor's name, email or phone, failures included", async () => {
  const logs = captureConsole();
  const log = createLogger("lead-intake");
  const visitors = ["Ottoline Quarrender", "Peregrine Astley", "Hesper Vowles", "Corisande Mabb", "Lysander Pym"].map(
    (name, i) => person({ name, phone: `(661) 555-01${70 + i}` }),
  );
  const [retried, refused, malformed, posted, outage] = visitors;
  if (!retried || !refused || !malformed || !posted || !outage) throw new Error("five visitors");

  // A 500, then success on the next attempt.
  const first = await acceptOnly(retried);
  await injectFault({ mode: "500" });
  await runQueue([first]);
  await runQueue([first], { attempts: 2 });
  // A 400: the API does not know the form's agent.
  const forms = JSON.stringify([
    { id: "agent-form", intent: "buyer", allowedOrigins: ["https://a.example"], assignedAgentId: crypto.randomUUID() },
  ]);
  const bad = await acceptOnly(refused, parseForms(forms).get("agent-form"));
  await runQueue([bad], { bindings: { ...env, FORMS: forms } as Env });
  // A message for a form that no longer exists, and its dead letter.
  const gone = await acceptOnly(malformed);
  await runQueue([{ ...gone, formId: "retired-form" }]);
  await runQueue([gone], { queue: DEAD_LETTER_QUEUE });
  // D1 failing after the post.
  const deps = await deliveryDeps();
  const down = { ...deps, db: failingOn(env.LEAD_INTAKE_DB, "INSERT OR REPLACE"), log };
  await deliverSubmission(down, await acceptOnly(outage), 1);
  // The whole path over HTTP and the real queue, and an operator with a wrong token then the right one.
  // Its own client IP, so the submit rate limit shared with other test files is not spent.
  expect((await submitJson(posted, { "CF-Connecting-IP": "192.0.2.55" })).status).toBe(202);
  await settled(posted.submission_id as string);
  await operator("/dead-letters", {}, "Bearer not-the-operator-token");
  expect((await operator(`/dead-letters/${idOf(gone)}/redeliver`, { method: "POST" })).status).toBe(202);
  await settled(idOf(gone));
  await operator(`/dead-letters/${crypto.randomUUID()}/redeliver`, { method: "POST" });

  const logged = logs.text();
  // The log is not empty: the failures above were reported, by submission id.
  expect(logged).toContain(idOf(first));
  expect(logged).toContain(idOf(bad));
  const secrets = [env.ACTUALLYCARE_API_KEY, OPERATOR_TOKEN, "not-the-operator-token", env.FORM_SIGNING_SECRET];
  const pii = visitors.flatMap((v) => [v.name, v.email, v.phone, String(v.phone).replace(/\D/g, ""), v.message]);
  for (const s of [...secrets, ...pii]) expect(logged).not.toContain(s);
});

it("logs one JSON object a line, with a stable event, the worker, an id, the outcome and the duration", async () => {
  const logs = captureConsole();
  const visitor = person({ name: "Wilhelmina Strange" });
  const retried = await acceptOnly(person());
  await injectFault({ mode: "500" });
  await runQueue([retried]);
  await runQueue([{ ...(await acceptOnly(visitor)), formId: "retired-form" }]);
  const posted = person();
  expect((await submitJson(posted, { "CF-Connecting-IP": "192.0.2.56" })).status).toBe(202);
  await settled(posted.submission_id as string);
  await operator("/dead-letters", {}, "Bearer not-the-operator-token");

  const lines = logs.lines();
  const parsed = lines.map((line) => {
    let value: LogLine;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`not a JSON log line: ${line}`);
    }
    return value;
  });
  for (const l of parsed) {
    expect(l.event, JSON.stringify(l)).toMatch(/^[a-z]+(\.[a-z_]+)+$/);
    expect(l.worker).toBe("lead-intake");
    expect(["info", "warn", "error"]).toContain(l.level);
    expect(typeof l.outcome, JSON.stringify(l)).toBe("string");
  }
  const byEvent = (event: string) => parsed.filter((l) => l.event === event);
  // Requests: an id, the status as an outcome, how long they took; the refused operator call too.
  const requests = byEvent("http.request");
  expect(requests.length).toBeGreaterThanOrEqual(2);
  for (const r of requests) {
    expect(r.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof r.durationMs).toBe("number");
    expect(r).toHaveProperty("outcome");
  }
  expect(requests.find((r) => r.path === "/admin/dead-letters")).toMatchObject({ status: 401, outcome: "rejected" });
  // Queue messages: their message id on every line, the submission id when it is one, the outcome.
  expect(byEvent("submission.attempt_failed")[0]).toMatchObject({
    messageId: "msg-0",
    submissionId: idOf(retried),
    code: "INTERNAL_ERROR",
  });
  expect(byEvent("submission.retry")[0]).toMatchObject({ messageId: "msg-0", outcome: "retry", retryInSeconds: 5 });
  expect(byEvent("submission.malformed")[0]).toMatchObject({ reason: "FORM_NOT_FOUND", outcome: "dead" });
  expect(byEvent("submission.dead")[0]).toMatchObject({ outcome: "dead", attempts: 1 });
  expect(byEvent("submission.delivered").length).toBeGreaterThanOrEqual(1);
  for (const l of parsed.filter((l) => l.event.startsWith("submission."))) {
    expect(typeof l.messageId).toBe("string");
  }
  for (const pii of [visitor.name, visitor.email, visitor.phone]) expect(logs.text()).not.toContain(pii);
});
