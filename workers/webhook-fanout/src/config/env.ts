import { isStandardSecret } from "@actuallycare/shared/webhooks/standard";
import * as z from "@actuallycare/shared/zod";
import { type DestinationConfig, destinationUrlProblem, parseDestinations, timeZoneInvalid } from "./destinations";

/** A destination with its secrets read: what the delivery side needs. Never logged. */
export type Destination = DestinationConfig & { url: string; signingKey: string | null };

/** Everything tunable, with the defaults README "Configuration" documents. */
export interface Settings {
  appUrl: string;
  timeZone: string;
  maxBodyBytes: number;
  maxAgeMs: number;
  maxFutureMs: number;
  maxAttempts: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  timeoutMs: number;
  /** Consecutive failed attempts that disable a destination; 0 never does. */
  failureStreakLimit: number;
  logRetentionDays: number;
  eventRetentionDays: number;
}

export interface Config {
  /** The current webhook secret, then the previous one during a rotation. */
  webhookSecrets: string[];
  operatorToken: string;
  destinations: Destination[];
  settings: Settings;
}

/** A var given as a string (wrangler.toml, .dev.vars) or a number, read as an integer within bounds. */
const intVar = (fallback: number, min: number, max: number) =>
  z._default(
    z.pipe(
      z.union([z.string().check(z.regex(/^\d+$/, "Expected a whole number")), z.number()]),
      z.pipe(z.transform(Number), z.int().check(z.minimum(min), z.maximum(max))),
    ),
    fallback,
  );

const envSchema = z.object({
  ACTUALLYCARE_WEBHOOK_SECRET: z.string().check(z.minLength(10, "must be at least 10 characters")),
  ACTUALLYCARE_WEBHOOK_SECRET_PREVIOUS: z.optional(z.string()),
  OPERATOR_TOKEN: z.string().check(z.minLength(16, "must be at least 16 characters")),
  DESTINATIONS: z.string(),
  APP_URL: z._default(
    z.string().check(z.refine((s) => /^https?:\/\//.test(s) && URL.canParse(s), "Expected an http(s) URL")),
    "https://app.actuallycare.com",
  ),
  TIME_ZONE: z._default(z.string(), "America/Los_Angeles"),
  MAX_BODY_BYTES: intVar(1_048_576, 1024, 10_485_760),
  // At least 25 minutes: ActuallyCare retries with the original timestamp for about 21 (spec §3.3, §3.4).
  FRESHNESS_WINDOW_MINUTES: intVar(30, 25, 7 * 24 * 60),
  FUTURE_SKEW_MINUTES: intVar(5, 0, 60),
  DELIVERY_MAX_ATTEMPTS: intVar(12, 1, 50),
  DELIVERY_BASE_DELAY_SECONDS: intVar(30, 0, 3600),
  // Queues refuse delays over 12 hours.
  DELIVERY_MAX_DELAY_SECONDS: intVar(21_600, 1, 43_200),
  DELIVERY_TIMEOUT_MS: intVar(10_000, 100, 30_000),
  FAILURE_STREAK_LIMIT: intVar(50, 0, 10_000),
  LOG_RETENTION_DAYS: intVar(30, 1, 365),
  EVENT_RETENTION_DAYS: intVar(7, 2, 365),
});

let cached: { env: object; config: Config } | null = null;

/**
 * Validates the bindings once per env object: every problem is named (the binding, never its value), a
 * destination's secrets must exist and fit its type, and a bad config fails loudly rather than dropping events.
 */
export function configFrom(env: Env): Config {
  if (cached?.env === env) return cached.config;
  const bindings = env as unknown as Record<string, unknown>;
  const result = z.safeParse(envSchema, bindings);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")} ${i.message}`);
    throw new Error(`webhook-fanout is misconfigured: ${problems.join("; ")}`);
  }
  const e = result.data;
  const problems: string[] = [];
  if (timeZoneInvalid(e.TIME_ZONE)) problems.push("TIME_ZONE is not a known time zone");
  // An event must be remembered for as long as a copy of it could still be accepted, or a late retry would be new.
  if (e.EVENT_RETENTION_DAYS * 1440 <= e.FRESHNESS_WINDOW_MINUTES) {
    problems.push("EVENT_RETENTION_DAYS must be longer than FRESHNESS_WINDOW_MINUTES");
  }
  const destinations: Destination[] = [];
  for (const d of parseDestinations(e.DESTINATIONS)) {
    const url = bindings[d.urlSecret];
    const key = d.type === "http" ? bindings[d.signingSecret] : null;
    if (typeof url !== "string" || url === "") {
      problems.push(`destination ${d.id}: the secret ${d.urlSecret} is not set`);
      continue;
    }
    const urlProblem = destinationUrlProblem(d.type, url);
    if (urlProblem) problems.push(`destination ${d.id}: ${d.urlSecret} ${urlProblem}`);
    if (d.type === "http" && (typeof key !== "string" || !isStandardSecret(key))) {
      problems.push(`destination ${d.id}: the secret ${d.signingSecret} must be a whsec_ secret (base64, 24+ bytes)`);
    }
    destinations.push({ ...d, url, signingKey: typeof key === "string" ? key : null });
  }
  if (problems.length > 0) throw new Error(`webhook-fanout is misconfigured: ${problems.join("; ")}`);
  const config: Config = {
    webhookSecrets: [e.ACTUALLYCARE_WEBHOOK_SECRET, e.ACTUALLYCARE_WEBHOOK_SECRET_PREVIOUS].filter(
      (s): s is string => typeof s === "string" && s.length > 0,
    ),
    operatorToken: e.OPERATOR_TOKEN,
    destinations,
    settings: {
      appUrl: e.APP_URL,
      timeZone: e.TIME_ZONE,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxAgeMs: e.FRESHNESS_WINDOW_MINUTES * 60_000,
      maxFutureMs: e.FUTURE_SKEW_MINUTES * 60_000,
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      baseDelaySeconds: e.DELIVERY_BASE_DELAY_SECONDS,
      maxDelaySeconds: e.DELIVERY_MAX_DELAY_SECONDS,
      timeoutMs: e.DELIVERY_TIMEOUT_MS,
      failureStreakLimit: e.FAILURE_STREAK_LIMIT,
      logRetentionDays: e.LOG_RETENTION_DAYS,
      eventRetentionDays: e.EVENT_RETENTION_DAYS,
    },
  };
  cached = { env, config };
  return config;
}
