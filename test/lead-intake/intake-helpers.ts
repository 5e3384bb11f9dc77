import { createExecutionContext, createMessageBatch, getQueueResult, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { ClientConfig } from "@actuallycare/shared/client/create-transport";
import { createTransport } from "@actuallycare/shared/client/create-transport";
import { leadsApi } from "@actuallycare/shared/client/groups/leads";
import { createLogger } from "@actuallycare/shared/worker/log";
import { apiFetch, configFrom } from "../../workers/lead-intake/src/config/env";
import type { FormConfig } from "../../workers/lead-intake/src/config/forms";
import type { DeliveryDeps } from "../../workers/lead-intake/src/delivery/deliver-submission";
import worker from "../../workers/lead-intake/src/index";
import { acceptSubmission } from "../../workers/lead-intake/src/submission/accept-submission";
import { type AcceptedSubmission, toLead } from "../../workers/lead-intake/src/submission/to-lead";

export const WORKER = "http://localhost:8788";
export const DEMO_ORIGIN = "http://localhost:8787";
export const FIXTURE_KEY_HEADER = { "X-API-Key": env.ACTUALLYCARE_API_KEY };

/** The sandbox, through the same service binding the worker uses. */
export async function sandbox(path: string, init: RequestInit = {}): Promise<any> {
  const res = await env.ACTUALLYCARE_API.fetch(`http://sandbox.internal${path}`, init);
  return res.json();
}

export async function resetAll(): Promise<void> {
  await sandbox("/__sandbox/reset", { method: "POST" });
  // The sandbox's clock starts at its fixture date; the API's runs on real time, as the worker's does (the lookup
  // after an unknown outcome compares the two).
  await sandbox("/__sandbox/clock", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ now: new Date().toISOString() }),
  });
  await env.LEAD_INTAKE_DB.batch([
    env.LEAD_INTAKE_DB.prepare("DELETE FROM submissions"),
    env.LEAD_INTAKE_DB.prepare("DELETE FROM dedupe"),
  ]);
  for (const k of (await env.ACTUALLYCARE_KV.list()).keys) await env.ACTUALLYCARE_KV.delete(k.name);
}

/** A valid submission from a person who took their time. */
export function person(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    submission_id: crypto.randomUUID(),
    name: "Dana Whitfield",
    email: `dana.${crypto.randomUUID().slice(0, 8)}@example.com`,
    phone: "(661) 555-0117",
    message: "Looking for a 3-bedroom near Tehachapi.",
    timeline: "1-3 months",
    budget: "425,000",
    started_at: Date.now() - 30_000,
    utm_source: "newsletter",
    utm_campaign: "spring",
    referrer: "https://www.example.org/",
    landing_page: "https://agent.example.com/listings",
    ...overrides,
  };
}

export async function submitJson(
  body: unknown,
  headers: Record<string, string> = {},
  formId = "demo",
): Promise<Response> {
  return SELF.fetch(`${WORKER}/f/${formId}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: DEMO_ORIGIN, "CF-Connecting-IP": "203.0.113.7", ...headers },
    body: JSON.stringify(await signed(body, formId)),
  });
}

/** A plain form post (no JavaScript), signed like submitJson; redirects are not followed. */
export async function submitForm(
  values: Record<string, unknown>,
  headers: Record<string, string> = {},
  formId = "demo",
): Promise<Response> {
  const body = (await signed(values, formId)) as Record<string, unknown>;
  return SELF.fetch(`${WORKER}/f/${formId}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: DEMO_ORIGIN, ...headers },
    body: new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString(),
    redirect: "manual",
  });
}

/**
 * The signed `started_at` the worker renders into a form (README, "Submission contract"): `<ms>.<base64url
 * HMAC-SHA256>` over the form id, the lower-cased submission id and the time, with the test FORM_SIGNING_SECRET.
 * Made here from the documented recipe, not with the worker's code.
 */
export async function startToken(formId: string, submissionId: string, startedAtMs: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(env.FORM_SIGNING_SECRET),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const input = `lead-intake start v1\n${formId}\n${submissionId.toLowerCase()}\n${startedAtMs}`;
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(input)));
  const b64 = btoa(String.fromCharCode(...mac));
  return `${startedAtMs}.${b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

/**
 * The tests' shorthand: a numeric `started_at` is "the form was rendered then" and becomes the token the page would
 * have carried for this form and submission id; a string is sent as it is (a forged or missing token).
 */
export async function signed(body: unknown, formId: string): Promise<unknown> {
  if (!body || typeof body !== "object") return body;
  const b = body as Record<string, unknown>;
  if (typeof b.started_at !== "number" || typeof b.submission_id !== "string") return body;
  return { ...b, started_at: await startToken(formId, b.submission_id, b.started_at) };
}

export async function submissionRow(id: string) {
  return env.LEAD_INTAKE_DB.prepare("SELECT * FROM submissions WHERE id = ?").bind(id).first<{
    state: string;
    lead_id: string | null;
    attempts: number;
    last_error: string | null;
    lookup: string | null;
  }>();
}

/** Polls until the submission reaches a final state (the real queue delivers within ~1 s), bounded. */
export async function settled(id: string, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await submissionRow(id);
    if (row && row.state !== "queued") return row;
    if (Date.now() > until) throw new Error(`submission ${id} still ${row?.state ?? "missing"} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every lead in the sandbox, newest first. */
export async function allLeads(): Promise<Array<{ id: string; notes: string | null; [k: string]: unknown }>> {
  const out = [];
  for (let page = 1; ; page++) {
    const r = await sandbox(`/v1/leads?limit=100&page=${page}`, { headers: FIXTURE_KEY_HEADER });
    out.push(...r.data.leads);
    if (r.data.leads.length < 100) return out;
  }
}

/** Leads in the sandbox whose notes carry this submission id. */
export async function leadsOf(submissionId: string): Promise<any[]> {
  return (await allLeads()).filter((l) => l.notes?.includes(`Submission ${submissionId}.`));
}

/** `n` other leads, as a busy agent's account gets them (in parallel, ten at a time). */
export async function createLeads(n: number, label = "Busy"): Promise<void> {
  for (let i = 0; i < n; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, n - i) }, (_, j) =>
        sandbox("/v1/leads", {
          method: "POST",
          headers: { ...FIXTURE_KEY_HEADER, "Content-Type": "application/json" },
          body: JSON.stringify({ name: `${label} ${i + j}`, source: "Zillow" }),
        }),
      ),
    );
  }
}

// Queue consumer, dead letters and operators: the worker's handlers are called as the platform calls them.

export const DEAD_LETTER_QUEUE = "lead-intake-dead-letters";
/** The test operator token of vitest.config.mts. */
export const OPERATOR_TOKEN = "test-operator-token-0123456789";

/** The demo form of wrangler.toml, as the worker parses it. */
export const demoForm = (): FormConfig => configFrom(env).forms.get("demo") as FormConfig;

/**
 * Accepts a submission as `POST /f/:formId` does (the D1 row), but hands its queue message back instead of
 * sending it: the test delivers it through the handler itself, and the real queue never sees it.
 */
export async function acceptOnly(values: Record<string, unknown>, form = demoForm()): Promise<AcceptedSubmission> {
  const sent: AcceptedSubmission[] = [];
  // acceptSubmission only sends; a queue binding that records is all it needs.
  const send = async (body: AcceptedSubmission) => void sent.push(body);
  const queue = { send } as unknown as Queue<AcceptedSubmission>;
  await acceptSubmission({ db: env.LEAD_INTAKE_DB, queue, now: Date.now }, form, values);
  if (sent.length !== 1) throw new Error(`expected one queue message, got ${sent.length}`);
  return sent[0] as AcceptedSubmission;
}

export const idOf = (m: AcceptedSubmission) => m.submission.submission_id;

/**
 * Runs the worker's queue handler on one batch (message ids msg-0, msg-1 …); returns its acks and retries.
 * The plugin's test messages drop retry()'s options, so each message's retry is wrapped to keep `delaySeconds`.
 */
export async function runQueue(
  bodies: unknown[],
  { queue = "lead-intake-submissions", attempts = 1, bindings = env as Env } = {},
) {
  const messages = bodies.map((body, i) => ({ id: `msg-${i}`, timestamp: new Date(), attempts, body }));
  const batch = createMessageBatch(queue, messages) as MessageBatch<AcceptedSubmission>;
  const delays = new Map<string, number | undefined>();
  for (const m of batch.messages) {
    const retry = m.retry;
    m.retry = (options?: QueueRetryOptions) => {
      delays.set(m.id, options?.delaySeconds);
      retry.call(m, options);
    };
  }
  const ctx = createExecutionContext();
  // The handler is typed with (batch, env); the platform also passes a context, which getQueueResult waits on.
  await (worker.queue as ExportedHandlerQueueHandler<Env, AcceptedSubmission>)(batch, bindings, ctx);
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryMessages: result.retryMessages.map((r) => ({ ...r, delaySeconds: delays.get(r.msgId) })) };
}

/** A queue binding that records what is sent to it (or refuses, with `fail`), for the consumer's requeues. */
export function recordingQueue(fail = false) {
  const sent: Array<{ body: AcceptedSubmission; delaySeconds: number | undefined }> = [];
  const queue = {
    send: async (body: AcceptedSubmission, options?: QueueSendOptions) => {
      if (fail) throw new Error("queue unavailable");
      sent.push({ body, delaySeconds: options?.delaySeconds });
    },
  } as unknown as Queue<AcceptedSubmission>;
  return { queue, sent };
}

/** Arms one of the sandbox's faults, by default on the next `POST /v1/leads`. */
export async function injectFault(fault: {
  mode: "500" | "429" | "hang";
  method?: string;
  count?: number;
  hangMs?: number;
  retryAfterSeconds?: number;
}): Promise<void> {
  const res = await env.ACTUALLYCARE_API.fetch("http://sandbox.internal/__sandbox/faults", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ path: "/v1/leads", method: "POST", count: 1, ...fault }),
  });
  if (!res.ok) throw new Error(`fault refused: ${res.status} ${await res.text()}`);
}

/** Makes the lead an earlier attempt would have made (toLead's body), as if its answer had been lost. */
export async function createLeadAsIf(accepted: AcceptedSubmission, form = demoForm()): Promise<string> {
  const r = await sandbox("/v1/leads", {
    method: "POST",
    headers: { ...FIXTURE_KEY_HEADER, "Content-Type": "application/json" },
    body: JSON.stringify(toLead(form, accepted)),
  });
  return r.data.id;
}

/** Deps for calling deliverSubmission directly, built as the queue handler builds them, with client overrides. */
export async function deliveryDeps(client: Partial<ClientConfig> = {}): Promise<DeliveryDeps> {
  const config = configFrom(env);
  const transport = await createTransport({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    fetch: apiFetch(env),
    ...client,
  });
  const log = createLogger("lead-intake", () => {});
  return { db: env.LEAD_INTAKE_DB, forms: config.forms, leads: leadsApi(transport), now: Date.now, log };
}

/** D1 that fails statements starting with `sql`, as an outage at that point would; everything else is real. */
export function failingOn(db: D1Database, sql: string): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") {
        return (query: string) => {
          if (query.startsWith(sql)) throw new Error("D1_ERROR: injected outage");
          return target.prepare(query);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Operator endpoints under /admin, with the operator token unless told otherwise (null: no header). */
export function operator(path: string, init: RequestInit = {}, auth: string | null = `Bearer ${OPERATOR_TOKEN}`) {
  const headers = new Headers(init.headers);
  if (auth !== null) headers.set("Authorization", auth);
  return SELF.fetch(`${WORKER}/admin${path}`, { ...init, headers });
}

/** Polls `read` until `done` holds, bounded: for what the sandbox or the real queue finishes after we return. */
export async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`condition not met after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
