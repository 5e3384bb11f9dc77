import { successEnvelope } from "@actuallycare/shared/app-error";
import { healthData } from "@actuallycare/shared/health";
import { Hono } from "hono";
import { demoSitePage } from "./demo-site-page";
import { readFanoutLog } from "./fanout-log";
import { fanoutLogSection } from "./fanout-log-view";
import { landingPage } from "./landing-page";
import { webhookSection } from "./stand-ins/inbox-view";

export { SandboxApi } from "./sandbox-object";

/** The one sandbox instance: all state in one Durable Object. */
const SANDBOX_NAME = "sandbox";

const app = new Hono<{ Bindings: Env }>();
app.get("/", async (c) => {
  const sandbox = c.env.SANDBOX.getByName(SANDBOX_NAME);
  const read = async (path: string) =>
    ((await (await sandbox.fetch(`http://sandbox.internal${path}`)).json()) as any).data;
  const names: Array<{ name: string }> = (await read("/__inbox")).inboxes;
  const shown = [...new Set(["slack", "teams", "discord", "http", ...names.map((n) => n.name)])].slice(0, 8);
  const [inboxes, sent, log] = await Promise.all([
    Promise.all(shown.map(async (name) => ({ name, requests: (await read(`/__inbox/${name}?limit=3`)).requests }))),
    read("/__sandbox/deliveries"),
    readFanoutLog(c.env),
  ]);
  return c.html(landingPage(new URL(c.req.url), webhookSection(inboxes, sent, fanoutLogSection(log))));
});
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
