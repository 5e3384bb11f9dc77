import { successEnvelope } from "@actuallycare/shared/app-error";
import { healthData } from "@actuallycare/shared/health";
import { Hono } from "hono";
import { demoSitePage } from "./demo-site-page";
import { landingPage } from "./landing-page";

export { SandboxApi } from "./sandbox-object";

/** The one sandbox instance: all state in one Durable Object. */
const SANDBOX_NAME = "sandbox";

const app = new Hono<{ Bindings: Env }>();
app.get("/", (c) => c.html(landingPage(new URL(c.req.url))));
app.get("/demo", (c) => c.html(demoSitePage(new URL(c.req.url), c.env.LEAD_INTAKE_URL)));
app.get("/health", (c) => c.json(successEnvelope(healthData("playground"), Date.now())));
app.all("*", (c) => c.env.SANDBOX.getByName(SANDBOX_NAME).fetch(c.req.raw));

/**
 * The playground worker: the landing page at `/`, and everything else (the
 * sandbox API under /v1 and its controls under /__sandbox) forwarded to the
 * sandbox Durable Object.
 */
export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
