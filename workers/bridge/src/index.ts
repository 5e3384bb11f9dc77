import { AppError, successEnvelope } from "@actuallycare/shared/app-error";
import { healthData } from "@actuallycare/shared/health";
import { installErrorHandling } from "@actuallycare/shared/hono-errors";
import { requestLog } from "@actuallycare/shared/worker/request-log";
import { Hono } from "hono";
import type { AppEnv } from "./app-env";
import { clockFor } from "./config/clock";
import { configFrom } from "./config/env";
import { log } from "./log";
import { handleQueue } from "./queue/queue-handler";
import { runScheduled } from "./reconcile/scheduled";
import { actionRoutes } from "./routes/action-routes";
import { catchRoutes } from "./routes/catch-routes";
import { hookRoutes } from "./routes/hook-routes";
import { ingestRoutes } from "./routes/ingest-routes";
import { meRoutes } from "./routes/me-routes";
import { metadataRoutes } from "./routes/metadata-routes";
import { openApiRoutes } from "./routes/openapi-routes";
import { searchRoutes } from "./routes/search-routes";
import { triggerRoutes } from "./routes/trigger-routes";

const app = new Hono<AppEnv>();
installErrorHandling(app, Date.now, log);
app.use("*", requestLog(log));
// A bad config answers every request (health included) with a stable code; the detail goes to the log only.
app.use("*", async (c, next) => {
  try {
    c.set("config", configFrom(c.env));
  } catch (err) {
    throw new AppError(
      500,
      "CONFIG_INVALID",
      "This bridge is misconfigured. Its operator can see why in the Worker's logs.",
      undefined,
      err instanceof Error ? err.message : String(err),
    );
  }
  await next();
});
app.get("/health", (c) => c.json(successEnvelope(healthData(c.env.WORKER_NAME), Date.now())));
app.route("/", openApiRoutes());
app.use("*", async (c, next) => {
  c.set("now", await clockFor(c.env, c.var.config));
  await next();
});
app.route("/", ingestRoutes());
app.route("/", meRoutes());
app.route("/", triggerRoutes());
app.route("/", actionRoutes());
app.route("/", searchRoutes());
app.route("/", metadataRoutes());
app.route("/", hookRoutes());
app.route("/", catchRoutes());

/** The bridge connector: a Zapier-style HTTP bridge to ActuallyCare (README: workers/bridge/README.md). */
export default {
  fetch: app.fetch,
  queue: (batch, env) => handleQueue(batch, env),
  async scheduled(_controller, env) {
    await runScheduled(env);
  },
  /** The Hono app, for tests that compare its routes with the OpenAPI document. */
  app,
} satisfies ExportedHandler<Env> & { app: typeof app };
