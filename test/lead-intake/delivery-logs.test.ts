import { env } from "cloudflare:workers";
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
function captureConsole(): () => string {
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) => vi.spyOn(console, level));
  return () =>
    spies.flatMap((s) => s.mock.calls.flat().map((a) => (a instanceof Error ? a.stack : String(a)))).join("\n");
}

it("never logs the API key, the operator token or a visitor's name, email or phone, failures included", async () => {
  const logs = captureConsole();
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
  const down = { ...deps, db: failingOn(env.LEAD_INTAKE_DB, "INSERT OR REPLACE"), log: console.warn };
  await deliverSubmission(down, await acceptOnly(outage), 1);
  // The whole path over HTTP and the real queue, and an operator with a wrong token then the right one.
  // Its own client IP, so the submit rate limit shared with other test files is not spent.
  expect((await submitJson(posted, { "CF-Connecting-IP": "192.0.2.55" })).status).toBe(202);
  await settled(posted.submission_id as string);
  await operator("/dead-letters", {}, "Bearer not-the-operator-token");
  expect((await operator(`/dead-letters/${idOf(gone)}/redeliver`, { method: "POST" })).status).toBe(202);
  await settled(idOf(gone));
  await operator(`/dead-letters/${crypto.randomUUID()}/redeliver`, { method: "POST" });

  const logged = logs();
  // The log is not empty: the failures above were reported, by submission id.
  expect(logged).toContain(idOf(first));
  expect(logged).toContain(idOf(bad));
  const secrets = [env.ACTUALLYCARE_API_KEY, OPERATOR_TOKEN, "not-the-operator-token", env.FORM_SIGNING_SECRET];
  const pii = visitors.flatMap((v) => [v.name, v.email, v.phone, String(v.phone).replace(/\D/g, ""), v.message]);
  for (const s of [...secrets, ...pii]) expect(logged).not.toContain(s);
});
