import { successEnvelope } from "@actuallycare/shared/app-error";
import { healthData } from "@actuallycare/shared/health";
import { installErrorHandling } from "@actuallycare/shared/hono-errors";
import { Hono } from "hono";

/** The lead-intake connector: an embeddable lead-capture form whose submissions become ActuallyCare leads. */
const app = new Hono<{ Bindings: Env }>();
installErrorHandling(app);
app.get("/health", (c) => c.json(successEnvelope(healthData(c.env.WORKER_NAME), Date.now())));

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
