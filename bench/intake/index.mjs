// lead-intake's part of `npm run bench` (issue #9): the hostile-input table, the faults run and the hot path, each
// on its own Miniflare (bench/intake/workers.mjs), and their section of BENCHMARKS.md. Figures only; nothing here
// is asserted in tests.
import { FAULTS, runFaults } from "./faults.mjs";
import { runHostile } from "./hostile.mjs";
import { HOT, runHotPath } from "./hotpath.mjs";
import { disposeBundles } from "./workers.mjs";

export async function measureIntakeReliability() {
  try {
    const hostile = await runHostile();
    console.log("lead-intake hostile:", JSON.stringify({ ...hostile, rows: hostile.rows.length }));
    const faults = await runFaults();
    console.log("lead-intake faults:", JSON.stringify(faults));
    const hotPath = await runHotPath();
    console.log("lead-intake hot path:", JSON.stringify(hotPath));
    return { hostile, faults, hotPath };
  } finally {
    disposeBundles();
  }
}

/** How much of the shortfall each part explains: the limiter (io → limiter + io), lead-intake's own work (the rest). */
function missShares(p) {
  const limiter = 1 - p.figures.limiterIo.perSecond / p.figures.io.perSecond;
  const own = 1 - p.ratioToLimiterIo;
  return `the limiter costing the bare Worker ${Math.round(limiter * 100)}% of its throughput here and lead-intake's own work ${Math.round(own * 100)}% of what is left`;
}

const pass = (ok, text) => `${ok ? "**pass**" : "**fail**"}: ${text}`;

/** The section of BENCHMARKS.md. */
export function intakeReliabilityMarkdown({ hostile: h, faults: f, hotPath: p }) {
  const hostileRows = h.rows
    .map((r) => `| \`${r.route}\` | ${r.family} | ${r.case} | ${r.status} | ${r.code.replace(/\|/g, "\\|")} |`)
    .join("\n");
  const hot = (x) => `| ${x.label} | ${x.requests} | ${x.perSecond} | ${x.p50Ms} | ${x.p99Ms} | ${x.failed} |`;
  return `## lead-intake: no accepted lead lost or doubled

Three runs on Miniflare (\`bench/intake/\`): lead-intake and the playground bundled by \`wrangler deploy --dry-run\`
exactly as they deploy, with the bindings of their \`wrangler.toml\` (D1, KV, the queue and its consumers, the rate
limiter, static assets), lead-intake reaching the sandbox over a service binding. Requests come over real HTTP from
Node's \`fetch\`. Only the per-visitor submit limit is raised (one load generator is one address).

### Faults: ${f.submissions} submissions through the real path

HTTP post → D1 → queue → consumer → sandbox, ${f.concurrency} posts at a time, while the sandbox answers
${f.fraction500 * 100}% of lead posts with 500, lets ${f.fractionHang * 100}% hang ${f.hangMs} ms (past the consumer's
${f.apiTimeoutMs} ms call timeout, set with \`API_TIMEOUT_MS\`; the late lead is still written), and ${f.storm429.atMs.length}
storms of ${f.storm429.count} consecutive 429s (\`Retry-After: ${f.storm429.retryAfterSeconds}\`) on \`/v1/leads\`, lookups included (the shared
cool-down lets one probe through per \`Retry-After\`, so each storm holds every delivery back for about
${f.storm429.count * f.storm429.retryAfterSeconds} s);
one accepted message in ${f.redeliverEvery} is sent to the queue again (${f.redelivered.early} while the first copy is
queued, ${f.redelivered.late} after everything drained, as after a lost ack). Counted from D1 and from every lead in the
sandbox (by the \`Submission <id>.\` line of its notes).

| accepted | delivered (exactly one lead) | lost | duplicated | dead-lettered | posting took | drained after | submissions retried | most attempts of one |
|---|---|---|---|---|---|---|---|---|
| ${f.accepted} | ${f.delivered} | **${f.lost}** | **${f.duplicated}** | **${f.deadLettered}** | ${f.postSeconds} s | ${f.drained ? `${f.drainSeconds} s` : `not drained in ${f.drainTimeoutMs / 1000} s`} | ${f.retriedSubmissions} | ${f.maxAttempts} |

Target 0 lost, 0 duplicated, 0 dead letters: ${pass(f.lost === 0 && f.duplicated === 0 && f.deadLettered === 0 && f.accepted === f.submissions, `${f.lost} / ${f.duplicated} / ${f.deadLettered} of ${f.accepted} accepted`)}.
"Attempts" counts every try of a submission, requeues after a 429 included (those spend no queue retry). The drain time
is bounded by the consumer running one batch at a time in Miniflare, by the ${f.apiTimeoutMs} ms waits of the hangs, by the
storms, and most by the backoff of a submission whose retries meet 500s again (5 s, 10 s, 20 s …); every lookup after an
unknown outcome pages through all the leads made since the submission was accepted (less 10 minutes of clock skew), here
most of the run's ${f.accepted}, and a timed-out post is given ${6 * f.apiTimeoutMs} ms (6 × \`API_TIMEOUT_MS\`) to land first.

### Hostile input, per public route

${h.cases} requests: malformed, oversized (declared and chunked), wrongly typed, hostile Unicode, prototype keys and
injection. A refusal of a JSON request or an API-style route must be the error envelope; a plain form post is answered
with the form page again, by design (the "page:" rows quote its alert). Every submission answered 2xx must then become
a lead.

| 5xx (or no answer) | refusals not in the envelope | answered 2xx | of those, delivered |
|---|---|---|---|
| **${h.fiveHundreds}** | **${h.notEnveloped}** | ${h.accepted} | ${h.delivered} |

Targets: no 5xx ${pass(h.fiveHundreds === 0, `${h.fiveHundreds}`)}; every refusal in the envelope ${pass(h.notEnveloped === 0, `${h.notEnveloped} not`)}${h.notEnveloped > 0 ? " (see below)" : ""}; every 2xx deliverable ${pass(h.delivered === h.accepted, `${h.delivered} of ${h.accepted}`)}.
${h.notEnveloped > 0 ? "\nThe refusal not in the envelope is `POST /embed.js`: Cloudflare's static-asset layer answers a non-GET on an asset path with an empty `405` before the Worker runs (`[assets]`, not `run_worker_first`); the Worker never sees it.\n" : ""}
| route | family | case | status | code |
|---|---|---|---|---|
${hostileRows}

### Hot path: accepting a submission

${p.rounds} interleaved rounds of ${p.requests} posts per target, ${p.concurrency} at a time, after ${p.warmup} of warm-up;
each post a fresh valid submission with its own signed \`started_at\`. lead-intake runs without its consumer (only the
accept path is timed); the baselines are one-file Workers on the same Miniflare settings. Client-side latency, in ms.

| target | requests | per second | p50 ms | p99 ms | non-202 |
|---|---|---|---|---|---|
${hot(p.figures.constant)}
${hot(p.figures.io)}
${hot(p.figures.limiterIo)}
${hot(p.figures.intake)}

Ratios of throughput, the median over the rounds (each round compares targets measured seconds apart): lead-intake
is **${p.ratioToIo}×** the bare D1 insert + queue send and **${p.ratioToConstant}×** the constant answer. Target ≥ ${p.target}×
the insert + send: ${pass(p.ratioToIo >= p.target, `${p.ratioToIo}×`)}.${p.ratioToIo >= p.target ? "" : ` Two things make the difference, ${missShares(p)}: the rate-limiting binding lead-intake calls on every submission (Miniflare implements it as a Durable Object that writes to SQLite on every call, about the cost of the D1 insert itself; Cloudflare's binding answers from a cache on the same machine), and lead-intake's own work (the start token's HMAC-SHA256, zod/mini validation, building the lead and checking it against \`leadInputSchema\`, Hono's routing, CORS and URL parsing, and the garbage they make; \`npx node bench/intake/profile.mjs\` prints a CPU profile of the accept path). Against a bare Worker that calls the limiter too, lead-intake is **${p.ratioToLimiterIo}×**.`}
Machine load from other processes moves the absolute figures by tens of percent between runs (the machine is shared);
the per-round ratios move less.
`;
}

export { FAULTS, HOT };
