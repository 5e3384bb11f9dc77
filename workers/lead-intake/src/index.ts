import { AppError, successEnvelope } from "@actuallycare/shared/app-error";
import { createTransport } from "@actuallycare/shared/client/create-transport";
import { leadsApi } from "@actuallycare/shared/client/groups/leads";
import type { BackoffCache } from "@actuallycare/shared/client/shared-backoff";
import { SubrequestBudget } from "@actuallycare/shared/client/subrequest-budget";
import { healthData } from "@actuallycare/shared/health";
import { installErrorHandling } from "@actuallycare/shared/hono-errors";
import { configGuard } from "@actuallycare/shared/worker/config-guard";
import { createLogger, withFields } from "@actuallycare/shared/worker/log";
import { requestLog } from "@actuallycare/shared/worker/request-log";
import { Hono } from "hono/tiny";
import { apiFetch, configFrom } from "./config/env";
import { storeDeadLetter } from "./delivery/dead-letters";
import { deliverSubmission, submissionIdOf } from "./delivery/deliver-submission";
import { settleBatch } from "./delivery/settle-batch";
import { formRoutes } from "./routes/form-routes";
import { operatorRoutes } from "./routes/operator-routes";
import { submitRoutes } from "./routes/submit-routes";
import type { AcceptedSubmission } from "./submission/to-lead";

/** What this isolate learnt about the API's rate limits, shared by its invocations. */
const backoffCache: BackoffCache = new Map();
const DEAD_LETTER_QUEUE = "lead-intake-dead-letters";
const log = createLogger("lead-intake");

const app = new Hono<{ Bindings: Env }>();
installErrorHandling(app, Date.now, log);
app.use("*", requestLog(log));
// The two static files run the Worker first (wrangler.toml `run_worker_first`) so that any other method gets the
// envelope's 405 rather than the asset layer's bare one; GET and HEAD are the asset layer's answer, ETags included.
for (const path of ["/embed.js", "/form.css"]) {
  app.on(["GET", "HEAD"], path, (c) => c.env.ASSETS.fetch(c.req.raw));
  app.all(path, (c) => {
    c.header("Allow", "GET, HEAD");
    throw new AppError(405, "METHOD_NOT_ALLOWED", "Use GET");
  });
}
// A bad config answers every request (health included) with a stable code; the detail goes to the log only.
app.use(
  "*",
  configGuard(configFrom, "This form service is misconfigured. Its operator can see why in the Worker's logs."),
);
app.get("/health", (c) => c.json(successEnvelope(healthData(c.env.WORKER_NAME), Date.now())));
app.route("/", formRoutes());
app.route("/", submitRoutes());
app.route("/admin", operatorRoutes());

/** The lead-intake connector: an embeddable lead-capture form whose submissions become ActuallyCare leads. */
export default {
  fetch: app.fetch,

  async queue(batch, env) {
    const db = env.LEAD_INTAKE_DB;
    if (batch.queue === DEAD_LETTER_QUEUE) {
      for (const msg of batch.messages) {
        await storeDeadLetter(db, msg.body, new Date().toISOString());
        msg.ack();
        log.warn("submission.dead_letter_stored", {
          messageId: msg.id,
          submissionId: submissionIdOf(msg.body),
          outcome: "dead",
        });
      }
      return;
    }
    const config = configFrom(env);
    // Two calls per submission (a lookup after an unknown outcome, then the post), and room for lookups that page
    // (find-lead.ts): 45 for a batch of 10, under the 50 subrequests of the Workers Free plan.
    const budget = new SubrequestBudget(2 * batch.messages.length + 25);
    const transport = await createTransport({
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      kv: env.ACTUALLYCARE_KV,
      backoffCache,
      fetch: apiFetch(env),
      priority: "interactive",
      timeoutMs: config.apiTimeoutMs,
      deadlineMs: 2 * config.apiTimeoutMs,
      // The queue does the waiting: one try per delivery, and a cool-down becomes retry({delaySeconds}), never a sleep.
      maxAttempts: 1,
      maxWaitMs: 0,
      // Every lookup page after an unknown outcome counts; the lookup stops a call short of this and resumes later.
      budget,
      log: (detail) => log.warn("client.backoff_store_failed", { detail, outcome: "degraded" }),
    });
    // A post left unanswered after the timeout is given six times as long to land before anyone looks for it.
    const settleMs = 6 * config.apiTimeoutMs;
    const deps = { db, forms: config.forms, leads: leadsApi(transport), now: Date.now, log, budget, settleMs };
    const queue = env.SUBMISSIONS as Queue<AcceptedSubmission>;
    await settleBatch(
      batch.messages,
      (msg) => deliverSubmission({ ...deps, log: withFields(log, { messageId: msg.id }) }, msg.body, msg.attempts),
      queue,
      Date.now,
    );
  },
} satisfies ExportedHandler<Env, AcceptedSubmission>;
