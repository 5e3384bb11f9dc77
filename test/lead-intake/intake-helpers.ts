import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";

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

export function submitJson(body: unknown, headers: Record<string, string> = {}, formId = "demo"): Promise<Response> {
  return SELF.fetch(`${WORKER}/f/${formId}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: DEMO_ORIGIN, "CF-Connecting-IP": "203.0.113.7", ...headers },
    body: JSON.stringify(body),
  });
}

export async function submissionRow(id: string) {
  return env.LEAD_INTAKE_DB.prepare("SELECT * FROM submissions WHERE id = ?")
    .bind(id)
    .first<{ state: string; lead_id: string | null; attempts: number; last_error: string | null }>();
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

/** Leads in the sandbox whose notes carry this submission id. */
export async function leadsOf(submissionId: string): Promise<any[]> {
  const r = await sandbox("/v1/leads?limit=100", { headers: FIXTURE_KEY_HEADER });
  return r.data.leads.filter((l: { notes: string | null }) => l.notes?.includes(`Submission ${submissionId}.`));
}
