import { successEnvelope } from "@actuallycare/shared/app-error";
import { healthData } from "@actuallycare/shared/health";
import { installErrorHandling } from "@actuallycare/shared/hono-errors";
import { configGuard } from "@actuallycare/shared/worker/config-guard";
import { elapsed, withFields } from "@actuallycare/shared/worker/log";
import { settle } from "@actuallycare/shared/worker/queue-outcome";
import { requestLog } from "@actuallycare/shared/worker/request-log";
import { Hono } from "hono";
import { clockFor, configFrom, type DigestEnv } from "./config/env";
import { markFinal } from "./ledger/sends-ledger";
import { log } from "./log";
import type { QueueOutcome } from "./operator/queue-outcome";
import { operatorRoutes } from "./routes/operator-routes";
import { unsubscribeRoutes } from "./routes/unsubscribe-routes";
import { escrowSource } from "./run/api-client";
import { deliverOccurrence } from "./run/deliver-occurrence";
import { type DigestMessage, digestMessageSchema, sendAll } from "./run/digest-message";
import { runTick } from "./run/tick";

const DEAD_LETTER_QUEUE = "escrow-digest-dead-letters";

type AppEnv = { Bindings: DigestEnv; Variables: { now: () => number } };
const app = new Hono<AppEnv>();
installErrorHandling(app, Date.now, log);
app.use("*", requestLog(log));
app.use(
  "*",
  configGuard<DigestEnv>(
    (env) => configFrom(env),
    "This digest service is misconfigured. Its operator can see why in the Worker's logs.",
  ),
);
app.use("*", async (c, next) => {
  c.set("now", await clockFor(c.env, configFrom(c.env)));
  await next();
});
app.get("/health", (c) => c.json(successEnvelope(healthData(c.env.WORKER_NAME), Date.now())));
app.get("/", (c) =>
  c.json(
    successEnvelope(
      {
        ...healthData(c.env.WORKER_NAME),
        routes: ["GET /preview", "POST /admin/run", "GET /admin/sends", "GET|POST /unsubscribe", "GET /health"],
        docs: "workers/escrow-digest/README.md",
      },
      Date.now(),
    ),
  ),
);
app.route("/", operatorRoutes());
app.route("/", unsubscribeRoutes());

/** The escrow-digest connector: a morning email of escrow deadlines, at each recipient's local time, exactly once. */
export default {
  fetch: app.fetch,

  async scheduled(controller, env) {
    const started = Date.now();
    const config = configFrom(env);
    const now = await clockFor(env, config);
    // In development the sandbox's clock leads; in production the offset is 0.
    const offset = now() - Date.now();
    const enqueued = await runTick(
      {
        db: env.ESCROW_DIGEST_DB,
        recipients: config.recipients,
        enqueue: (m) => sendAll(env.DIGESTS as Queue<DigestMessage>, m),
        now: now(),
      },
      controller.scheduledTime + offset,
    );
    log.info("digest.tick", {
      scheduledTime: new Date(controller.scheduledTime).toISOString(),
      recipients: config.recipients.length,
      enqueued: enqueued.length,
      outcome: "ok",
      durationMs: elapsed(started),
    });
  },

  async queue(batch, env) {
    const started = Date.now();
    const db = env.ESCROW_DIGEST_DB;
    if (batch.queue === DEAD_LETTER_QUEUE) {
      // Out of retries: a permanent failure the operator sees in /admin/sends, never retried forever.
      for (const msg of batch.messages) {
        const parsed = digestMessageSchema.safeParse(msg.body);
        if (parsed.success)
          await markFinal(db, parsed.data.occurrence, "failed", { code: "RETRIES_EXHAUSTED" }, Date.now());
        msg.ack();
        log.warn(parsed.success ? "digest.dead_letter" : "digest.malformed_message", {
          messageId: msg.id,
          occurrence: parsed.success ? parsed.data.occurrence : undefined,
          queue: batch.queue,
          attempts: msg.attempts,
          code: parsed.success ? "RETRIES_EXHAUSTED" : undefined,
          outcome: parsed.success ? "failed" : "dropped",
        });
      }
      return;
    }
    const config = configFrom(env);
    const now = await clockFor(env, config);
    const source = await escrowSource(env, config, { priority: "bulk", queue: true });
    const deps = { db, config, source, provider: config.provider, now };
    const outcomes: QueueOutcome[] = [];
    for (const msg of batch.messages) {
      const msgLog = withFields(log, { messageId: msg.id });
      const outcome = await deliverOccurrence({ ...deps, log: msgLog }, msg.body).catch((err): QueueOutcome => {
        // Only the error's name: a message may quote CRM data.
        const error = err instanceof Error ? err.name : typeof err;
        msgLog.error("digest.retry", { code: "INTERNAL_ERROR", error, retryInSeconds: 60, outcome: "retry" });
        return { ack: false, retryInSeconds: 60 };
      });
      // Settled at once, one message at a time: a later message's failure never retries this one.
      settle(msg, outcome);
      outcomes.push(outcome);
    }
    log.info("digest.batch", {
      queue: batch.queue,
      messages: batch.messages.length,
      retried: outcomes.filter((o) => !o.ack).length,
      apiCalls: source.calls,
      listPlan: source.plan ?? undefined,
      outcome: "ok",
      durationMs: elapsed(started),
    });
  },
} satisfies ExportedHandler<DigestEnv, DigestMessage>;
