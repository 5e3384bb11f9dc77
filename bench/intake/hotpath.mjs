// The hot-path run of `npm run bench`: accepting a submission (validate, defences, D1 write, enqueue) over real
// HTTP under a local load generator, beside baselines in the same run: a bare Worker answering a constant, a bare
// Worker doing only the same D1 insert and queue send, and one calling the rate-limiting binding first (lead-intake
// calls it on every submission). No consumer runs: only the accept path is timed.
import { bareWorker as bare, interleavedRounds, startMiniflare } from "../lib/miniflare-rounds.mjs";
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

/** A worker on its own Miniflare, lead-intake's migrations applied to `db` if it has one. */
const start = (worker, db) =>
  startMiniflare(worker, async (mf) => {
    if (db) await applyMigrations(await mf.getD1Database(db, worker.name));
  });

/** One load's fresh valid submissions, each its own visitor. */
function sender(target, n) {
  const bodies = Array.from({ length: n }, (_, i) => visitor(i));
  return async (i) => {
    const res = await postJson(target.url, bodies[i]);
    await res.arrayBuffer();
    return res.status === 202;
  };
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
    const { figures, ratio } = await interleavedRounds(targets, h, sender);
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
