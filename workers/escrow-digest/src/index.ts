import { successEnvelope } from "@actuallycare/shared/app-error";
import { healthData } from "@actuallycare/shared/health";
import { installErrorHandling } from "@actuallycare/shared/hono-errors";
import { Hono } from "hono";
import { clockFor, configFrom, type DigestEnv } from "./config/env";
import { markFinal } from "./ledger/sends-ledger";
import { configGuard } from "./operator/config-guard";
import { type QueueOutcome, settle } from "./operator/queue-outcome";
import { operatorRoutes } from "./routes/operator-routes";
import { unsubscribeRoutes } from "./routes/unsubscribe-routes";
import { escrowSource } from "./run/api-client";
import { deliverOccurrence } from "./run/deliver-occurrence";
import { type DigestMessage, digestMessageSchema, sendAll } from "./run/digest-message";
import { runTick } from "./run/tick";

const DEAD_LETTER_QUEUE = "escrow-digest-dead-letters";
const log = (message: string) => console.warn(message);

type AppEnv = { Bindings: DigestEnv; Variables: { now: () => number } };
const app = new Hono<AppEnv>();
installErrorHandling(app);
app.use(
  "*",
  configGuard<AppEnv>((env) => configFrom(env), "digest service"),
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
    if (enqueued.length > 0) log(`escrow-digest: tick enqueued ${enqueued.length} digest(s)`);
  },

  async queue(batch, env) {
    const db = env.ESCROW_DIGEST_DB;
    if (batch.queue === DEAD_LETTER_QUEUE) {
      // Out of retries: a permanent failure the operator sees in /admin/sends, never retried forever.
      for (const msg of batch.messages) {
        const parsed = digestMessageSchema.safeParse(msg.body);
        if (parsed.success)
          await markFinal(db, parsed.data.occurrence, "failed", { code: "RETRIES_EXHAUSTED" }, Date.now());
        msg.ack();
      }
      return;
    }
    const config = configFrom(env);
    const now = await clockFor(env, config);
    const source = await escrowSource(env, config, { priority: "bulk", queue: true });
    const deps = { db, config, source, provider: config.provider, now, log };
    const outcomes: QueueOutcome[] = [];
    for (const msg of batch.messages) {
      outcomes.push(
        await deliverOccurrence(deps, msg.body).catch((err): QueueOutcome => {
          log(`escrow-digest: delivery failed (${err instanceof Error ? err.name : typeof err}); retry in 60 s`);
          return { ack: false, retryInSeconds: 60 };
        }),
      );
    }
    settle(batch.messages, outcomes);
    log(`escrow-digest: batch of ${batch.messages.length}, ${source.calls} API call(s)`);
  },
} satisfies ExportedHandler<DigestEnv, DigestMessage>;
