// The hot-path run of `npm run bench`: accepting a submission (validate, defences, D1 write, enqueue) over real
// HTTP under a local load generator, beside baselines in the same run: a bare Worker answering a constant, a bare
// Worker doing only the same D1 insert and queue send, and one calling the rate-limiting binding first (lead-intake
// calls it on every submission). No consumer runs: only the accept path is timed.
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { applyMigrations, FORMS, intakeWorker, postJson, visitor } from "./workers.mjs";

/** Many short rounds, interleaved: other load on the machine changes by the second, so targets are compared round by round. */
export const HOT = { requests: 200, warmup: 100, concurrency: 16, rounds: 8 };

const CONSTANT = `export default { fetch() {
  return new Response('{"success":true,"data":{"status":"accepted"}}', { status: 202, headers: { "Content-Type": "application/json" } });
} };`;

/** The irreducible I/O of an accept: lead-intake's own insert statement and queue message, nothing else. */
const INSERT_AND_SEND = `export default { async fetch(request, env) {
  const submission = await request.json();
  const now = new Date().toISOString();
  const accepted = { formId: "${FORMS[0].id}", submission, acceptedAt: now };
  await env.DB.prepare("INSERT INTO submissions (id, form_id, payload, state, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?) ON CONFLICT (id) DO NOTHING")
    .bind(submission.submission_id, "${FORMS[0].id}", JSON.stringify(accepted), now, now).run();
  await env.Q.send(accepted, { contentType: "json" });
  return new Response(JSON.stringify({ success: true, data: { submissionId: submission.submission_id, status: "accepted" } }), { status: 202, headers: { "Content-Type": "application/json" } });
} };`;

/** The same, after the submit limiter lead-intake calls first (to show what that call costs here). */
const LIMIT_INSERT_AND_SEND = INSERT_AND_SEND.replace(
  "const submission = await request.json();",
  'await env.SUBMIT_LIMITER.limit({ key: "bench:" + (request.headers.get("CF-Connecting-IP") ?? "unknown") });\n  const submission = await request.json();',
);

const bare = (name, script, extra = {}) => ({
  name,
  modules: true,
  script,
  compatibilityDate: "2026-11-01",
  compatibilityFlags: ["nodejs_compat"],
  ...extra,
});

async function start(worker, db) {
  const mf = new Miniflare(convertV4MiniflareOptions({ workers: [worker] }));
  const url = await mf.ready;
  if (db) await applyMigrations(await mf.getD1Database(db, worker.name));
  return { mf, url };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** `n` posts of fresh valid submissions, `concurrency` at a time; latencies in ms, and the wall time. */
async function load(url, n, concurrency) {
  const bodies = Array.from({ length: n }, (_, i) => visitor(i));
  const latencies = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t = performance.now();
        const res = await postJson(url, bodies[i]);
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.status !== 202) failures += 1;
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, failures };
}

export async function runHotPath(h = HOT) {
  const { serviceBindings: _noSandbox, ...intake } = intakeWorker({ consumer: false });
  const io = { d1Databases: ["DB"], queueProducers: { Q: { queueName: "bench-io" } } };
  const targets = [
    { key: "constant", label: "bare Worker answering a constant", ...(await start(bare("constant", CONSTANT))) },
    {
      key: "io",
      label: "bare Worker: the same D1 insert + queue send",
      ...(await start(bare("io", INSERT_AND_SEND, io), "DB")),
    },
    {
      key: "limiterIo",
      label: "bare Worker: the rate-limiting binding, then the same insert + send",
      ...(await start(bare("limiterIo", LIMIT_INSERT_AND_SEND, { ...io, ratelimits: intake.ratelimits }), "DB")),
    },
    { key: "intake", label: "lead-intake: POST /f/:id (accept)", ...(await start(intake, "LEAD_INTAKE_DB")) },
  ];
  try {
    for (const t of targets) await load(t.url, h.warmup, h.concurrency);
    const runs = Object.fromEntries(targets.map((t) => [t.key, []]));
    // Rounds interleaved, so that a slower moment of the machine is shared rather than blamed on one target.
    for (let r = 0; r < h.rounds; r++)
      for (const t of targets) runs[t.key].push(await load(t.url, h.requests, h.concurrency));
    const figures = Object.fromEntries(
      targets.map((t) => {
        const all = runs[t.key];
        const lat = all.flatMap((x) => x.latencies).sort((a, b) => a - b);
        const requests = lat.length;
        const seconds = all.reduce((s, x) => s + x.seconds, 0);
        return [
          t.key,
          {
            label: t.label,
            requests,
            failures: all.reduce((s, x) => s + x.failures, 0),
            perSecond: Math.round(requests / seconds),
            p50Ms: Math.round(percentile(lat, 50) * 100) / 100,
            p99Ms: Math.round(percentile(lat, 99) * 100) / 100,
          },
        ];
      }),
    );
    // Each round's ratio compares targets measured seconds apart; the median of those is the figure.
    const ratio = (a, b) => {
      const perRound = runs[a].map((x, r) => runs[b][r].seconds / x.seconds).sort((p, q) => p - q);
      return Math.round(perRound[Math.floor(perRound.length / 2)] * 100) / 100;
    };
    return {
      ...h,
      figures,
      ratioToIo: ratio("intake", "io"),
      ratioToConstant: ratio("intake", "constant"),
      ratioToLimiterIo: ratio("intake", "limiterIo"),
      target: 0.8,
    };
  } finally {
    for (const t of targets) await t.mf.dispose();
  }
}
