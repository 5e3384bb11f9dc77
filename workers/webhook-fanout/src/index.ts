import { successEnvelope } from "@actuallycare/shared/app-error";
import { healthData } from "@actuallycare/shared/health";
import { installErrorHandling } from "@actuallycare/shared/hono-errors";
import { configGuard } from "@actuallycare/shared/worker/config-guard";
import { elapsed, withFields } from "@actuallycare/shared/worker/log";
import { settle } from "@actuallycare/shared/worker/queue-outcome";
import { requestLog } from "@actuallycare/shared/worker/request-log";
import { Hono } from "hono/tiny";
import { configFrom } from "./config/env";
import { markDead } from "./delivery/dead-letters";
import { deliverMessage } from "./delivery/deliver-message";
import type { DeliveryMessage } from "./delivery/message";
import { cleanUp } from "./ingest/retention";
import { log } from "./log";
import { adminRoutes } from "./routes/admin-routes";
import { ingestRoutes } from "./routes/ingest-route";

const DEAD_LETTER_QUEUE = "webhook-fanout-dead-letters";
/** The worker's clock, injected everywhere below (tests drive their own through the modules). */
const now = () => Date.now();

const app = new Hono<{ Bindings: Env }>();
installErrorHandling(app, now, log);
app.use("*", requestLog(log));
// A bad config answers every request (health included) with a stable code; the detail goes to the log only.
app.use(
  "*",
  configGuard(configFrom, "This webhook fan-out is misconfigured. Its operator can see why in the Worker's logs."),
);
app.get("/health", (c) => c.json(successEnvelope(healthData(c.env.WORKER_NAME), now())));
app.route("/", ingestRoutes(now, log));
app.route("/admin", adminRoutes(now));

/** The webhook-fanout connector: verified ActuallyCare webhooks delivered to Slack, Teams, Discord and signed HTTP. */
export default {
  fetch: app.fetch,

  async queue(batch, env) {
    const db = env.FANOUT_DB;
    if (batch.queue === DEAD_LETTER_QUEUE) {
      for (const msg of batch.messages) {
        const marked = await markDead(db, msg.body, now());
        // Not marked: malformed, or the delivery was already settled (a replay, a duplicate dead letter).
        log.info("delivery.dead_lettered", { messageId: msg.id, outcome: marked ? "dead" : "skipped" });
        msg.ack();
      }
      return;
    }
    const config = configFrom(env);
    const deps = {
      db,
      deadLetters: env.DEAD_LETTERS as Queue<DeliveryMessage & { reason: string }>,
      destinations: new Map(config.destinations.map((d) => [d.id, d])),
      settings: config.settings,
      now,
    };
    for (const msg of batch.messages) {
      const msgLog = withFields(log, { messageId: msg.id });
      try {
        settle(msg, await deliverMessage({ ...deps, log: msgLog }, msg.body));
      } catch (err) {
        // D1 or a bug: this message alone is tried again; nothing is known to be wrong with the destination.
        msgLog.error("delivery.failed", {
          outcome: "error",
          errorName: err instanceof Error ? err.name : typeof err,
          retryInSeconds: 30,
        });
        settle(msg, { ack: false, retryInSeconds: 30 });
      }
    }
  },

  async scheduled(_controller, env) {
    const started = now();
    const removed = await cleanUp(env.FANOUT_DB, configFrom(env).settings, started);
    log.info("retention.pass", {
      outcome: "ok",
      attemptsRemoved: removed.attempts,
      eventsRemoved: removed.events,
      durationMs: elapsed(started, now),
    });
  },
} satisfies ExportedHandler<Env, DeliveryMessage>;
