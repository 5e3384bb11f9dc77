// The faults run of `npm run bench`: 1,000 submissions through the real path (HTTP → D1 → queue → consumer →
// sandbox) while the sandbox fails 10% of lead posts with 500, hangs 5% past the consumer's timeout (the lead is
// still written, late), answers storms of 429s, and a share of queue messages is delivered twice. Counts what came
// out: every accepted submission must become exactly one lead.
import { postJson, resetSandbox, sandboxCall, startIntake, visitor } from "./workers.mjs";

export const FAULTS = {
  submissions: 1000,
  concurrency: 8,
  /** The consumer's per-call timeout here (API_TIMEOUT_MS; 10 s deployed), and the hangs beyond it. */
  apiTimeoutMs: 500,
  hangMs: 900,
  fraction500: 0.1,
  fractionHang: 0.05,
  /** Storms: this many consecutive 429s on /v1/leads (posts and lookups), Retry-After 2 s, at these times. */
  storm429: { count: 3, retryAfterSeconds: 2, atMs: [1_500, 12_000, 24_000] },
  /** One message in ten is sent again: half while the first is queued, half after the submissions drained. */
  redeliverEvery: 10,
  drainTimeoutMs: 240_000,
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `task(i)` for i < n, `concurrency` at a time. */
export async function pool(n, concurrency, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) await task(i);
    }),
  );
}

async function allLeads(sandbox) {
  const out = [];
  for (let page = 1; ; page++) {
    const r = await sandboxCall(sandbox, `/v1/leads?limit=100&page=${page}`);
    out.push(...r.body.data.leads);
    if (r.body.data.leads.length < 100) return out;
  }
}

export async function runFaults(f = FAULTS) {
  const w = await startIntake({ apiTimeoutMs: f.apiTimeoutMs });
  try {
    await resetSandbox(w.sandbox);
    const fault = (body) => sandboxCall(w.sandbox, "/__sandbox/faults", { method: "POST", body });
    await fault({ path: "/v1/leads", method: "POST", mode: "500", fraction: f.fraction500 });
    // Evaluated after the 500s, so of the posts they let through: 5% of all posts overall.
    const hangOfRest = f.fractionHang / (1 - f.fraction500);
    await fault({ path: "/v1/leads", method: "POST", mode: "hang", fraction: hangOfRest, hangMs: f.hangMs });
    const started = Date.now();
    const storms = f.storm429.atMs.map((at) =>
      setTimeout(
        () =>
          fault({
            path: "/v1/leads",
            mode: "429",
            count: f.storm429.count,
            retryAfterSeconds: f.storm429.retryAfterSeconds,
          }),
        at,
      ),
    );

    const accepted = [];
    const refused = {};
    await pool(f.submissions, f.concurrency, async (i) => {
      const v = visitor(i);
      const res = await postJson(w.url, v);
      await res.arrayBuffer();
      if (res.status === 202) accepted.push(v.submission_id);
      else refused[res.status] = (refused[res.status] ?? 0) + 1;
    });
    const postedMs = Date.now() - started;

    const producer = await w.producer();
    const redeliver = async (ids) => {
      for (const id of ids) {
        const row = await w.db.prepare("SELECT payload FROM submissions WHERE id = ?").bind(id).first();
        await producer.send(JSON.parse(row.payload), { contentType: "json" });
      }
    };
    const chosen = accepted.filter((_, i) => i % f.redeliverEvery === 0);
    const early = chosen.filter((_, i) => i % 2 === 0);
    const late = chosen.filter((_, i) => i % 2 === 1);
    await redeliver(early);

    const pending = async () =>
      (await w.db.prepare("SELECT count(*) AS n FROM submissions WHERE state = 'queued'").first()).n;
    let drained = false;
    while (Date.now() - started < f.drainTimeoutMs) {
      if ((await pending()) === 0) {
        drained = true;
        break;
      }
      await sleep(250);
    }
    const drainMs = Date.now() - started;
    // Lost acks: the other half again, once all were delivered; then time for them to be read and acked.
    await redeliver(late);
    await sleep(3_000); // three batch windows: time for them to be read and acked
    for (const t of storms) clearTimeout(t);
    const faultsLeft = (await sandboxCall(w.sandbox, "/__sandbox/faults")).body?.data?.length ?? null;
    await sandboxCall(w.sandbox, "/__sandbox/faults", { method: "DELETE" });

    const { results: rows } = await w.db.prepare("SELECT id, state, attempts, last_error FROM submissions").all();
    const leads = await allLeads(w.sandbox);
    const perSubmission = new Map();
    for (const l of leads) {
      const id = /Submission ([0-9a-f-]{36})\.$/.exec(l.notes ?? "")?.[1];
      if (id) perSubmission.set(id, (perSubmission.get(id) ?? 0) + 1);
    }
    const state = new Map(rows.map((r) => [r.id, r]));
    const count = (pred) => accepted.filter(pred).length;
    const attempts = rows.map((r) => r.attempts);
    return {
      ...f,
      accepted: accepted.length,
      refused,
      delivered: count((id) => state.get(id)?.state === "delivered" && perSubmission.get(id) === 1),
      lost: count((id) => !perSubmission.has(id) && state.get(id)?.state !== "dead"),
      duplicated: count((id) => (perSubmission.get(id) ?? 0) > 1),
      deadLettered: count((id) => state.get(id)?.state === "dead"),
      redelivered: { early: early.length, late: late.length },
      drained,
      postSeconds: Math.round(postedMs / 100) / 10,
      drainSeconds: Math.round(drainMs / 100) / 10,
      retriedSubmissions: attempts.filter((a) => a > 0).length,
      maxAttempts: Math.max(0, ...attempts),
      faultsLeft,
    };
  } finally {
    await w.mf.dispose();
  }
}
