import { Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";
import { controlRoutes, type SandboxControls } from "./controls/control-routes";
import { injectFaults } from "./controls/faults";
import { ApiError } from "./http/api-error";
import { errorResponse, toApiError } from "./http/envelope";
import { type LimiterName, type LimiterState, RateLimiter, rateHeaders } from "./http/rate-limit";
import { apiKeyRoutes } from "./routes/api-keys";
import { appointmentRoutes } from "./routes/appointments";
import { authRoutes } from "./routes/auth";
import { billingRoutes } from "./routes/billing";
import { clientRoutes } from "./routes/clients";
import { contactRoutes } from "./routes/contacts";
import { escrowRoutes } from "./routes/escrows";
import { leadRoutes } from "./routes/leads";
import { listingRoutes } from "./routes/listings";
import { webhookRoutes } from "./routes/webhooks";
import { inboxRoutes } from "./stand-ins/inbox-routes";
import { outboxRoutes } from "./stand-ins/outbox-routes";

/** The client IP (spec §1.7): CF-Connecting-IP, then the first X-Forwarded-For entry, then loopback. */
function clientIp(h: (name: string) => string | undefined): string {
  return h("cf-connecting-ip")?.trim() || h("x-forwarded-for")?.split(",")[0]?.trim() || "127.0.0.1";
}

/**
 * Counts the request against every limiter that covers it and decides whether
 * it is over; the refusal itself happens at its place in the check order.
 * Sets the RateLimit-* headers on every /v1 response, and counts failed
 * /auth/* requests (except refresh) against the 30-failure budget.
 */
const rateStep: MiddlewareHandler<AppEnv> = async (c, next) => {
  const ip = clientIp((n) => c.req.header(n));
  const limiter = new RateLimiter(c.env.sql, c.env.clock, c.env.config);
  const path = c.req.path.replace(/\/+$/, "");
  const isAuth = path.startsWith("/v1/auth/");
  const isRefresh = path === "/v1/auth/refresh";
  const special: LimiterName | null =
    path === "/v1/auth/login" && c.req.method === "POST" ? "login" : isRefresh ? "refresh" : null;
  const checked: LimiterState[] = [limiter.hit("global", ip)];
  if (special) checked.push(limiter.hit(special, ip));
  const failures = isAuth && !isRefresh ? limiter.peek("authFailures", ip) : null;
  if (failures && failures.limit - failures.remaining >= failures.limit) checked.push({ ...failures, exceeded: true });
  const over = checked.filter((s) => s.exceeded);
  const shown = special ? (checked[1] as LimiterState) : (checked[0] as LimiterState);
  c.set("ip", ip);
  c.set("rate", { shown, blockedFor: over.length > 0 ? Math.max(...over.map((s) => s.resetSeconds)) : null });
  await next();
  if (failures && c.res.status >= 400 && c.res.status !== 429) limiter.hit("authFailures", ip);
  for (const [k, v] of Object.entries(rateHeaders(c.var.rate.shown))) c.res.headers.set(k, v);
};

/** Spec §1.1: JSON out as `application/json; charset=utf-8`, errors, 404s and test controls included. */
const jsonUtf8: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.headers.get("Content-Type")?.startsWith("application/json")) {
    c.res.headers.set("Content-Type", "application/json; charset=utf-8");
  }
};

/** Builds the sandbox app: ActuallyCare API v1 under /v1, test controls under /__sandbox, local inboxes under /__inbox. */
export function createSandboxApp(controls: SandboxControls): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });

  app.use("*", jsonUtf8);
  app.use("/v1/*", rateStep, injectFaults);
  app.route("/v1/api-keys", apiKeyRoutes());
  app.route("/v1/appointments", appointmentRoutes());
  app.route("/v1/auth", authRoutes());
  app.route("/v1/billing", billingRoutes());
  app.route("/v1/clients", clientRoutes());
  app.route("/v1/contacts", contactRoutes());
  app.route("/v1/escrows", escrowRoutes());
  app.route("/v1/leads", leadRoutes());
  app.route("/v1/listings", listingRoutes());
  app.route("/v1/webhooks", webhookRoutes());
  app.route("/__sandbox", controlRoutes(controls));
  app.route("/__outbox", outboxRoutes());
  app.route("/__inbox", inboxRoutes());

  app.notFound((c) => errorResponse(new ApiError(404, "NOT_FOUND", "Endpoint not found"), c.env.clock.now()));
  app.onError((err, c) => {
    const apiError = toApiError(err);
    if (apiError.internal) console.error(`sandbox ${c.req.method} ${c.req.path}: ${apiError.internal}`);
    const headers: Record<string, string> = {};
    const blockedFor = c.var.rate?.blockedFor;
    if (apiError.status === 429 && blockedFor !== null && blockedFor !== undefined)
      headers["Retry-After"] = String(blockedFor);
    return errorResponse(apiError, c.env.clock.now(), headers);
  });
  return app;
}
