import * as z from "zod";
import { validate } from "./http/validate";

const window = z.object({ limit: z.number().int().positive(), windowMs: z.number().int().positive() });

/**
 * Every tunable of the sandbox (spec §4.14), defaulting to the documented values.
 * Vars set the start-up values; `POST /__sandbox/config` overrides them at run time.
 */
export const sandboxConfigSchema = z.object({
  rateLimits: z.object({
    global: window.default({ limit: 500, windowMs: 15 * 60_000 }),
    authFailures: window.default({ limit: 30, windowMs: 15 * 60_000 }),
    login: window.default({ limit: 50, windowMs: 15 * 60_000 }),
    refresh: window.default({ limit: 30, windowMs: 60_000 }),
  }),
  /** Multiplies the webhook retry delays (1, 5, 15 min); 0.001 turns minutes into ms-scale. */
  webhookRetryScale: z.number().min(0).default(1),
  webhookTimeoutMs: z.number().int().positive().default(30_000),
  accessTokenTtlSeconds: z
    .number()
    .int()
    .positive()
    .default(15 * 60),
  refreshSlidingDays: z.number().positive().default(30),
  refreshHardDays: z.number().positive().default(90),
  lockout: z.object({
    failures: z.number().int().positive().default(5),
    minutes: z.number().positive().default(30),
  }),
  signupStatus: z.enum(["waitlisted", "active"]).default("waitlisted"),
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
});

export type SandboxConfig = z.infer<typeof sandboxConfigSchema>;

const envSchema = z.object({
  WEBHOOK_RETRY_SCALE: z.coerce.number().min(0).optional(),
  SIGNUP_STATUS: z.enum(["waitlisted", "active"]).optional(),
});

/** The configuration implied by the worker's vars; throws on a bad var so a typo fails at start-up. */
export function configFromEnv(env: Record<string, unknown>): SandboxConfig {
  const vars = envSchema.parse(env);
  return sandboxConfigSchema.parse({
    rateLimits: {},
    lockout: {},
    webhookRetryScale: vars.WEBHOOK_RETRY_SCALE,
    signupStatus: vars.SIGNUP_STATUS,
  });
}

/**
 * Deep-merges a partial override onto a config. A bad value is a 400
 * VALIDATION_ERROR naming its dotted path (e.g. `rateLimits.global.limit`), not a 500.
 */
export function mergeConfig(base: SandboxConfig, override: unknown): SandboxConfig {
  return validate(sandboxConfigSchema, deepMerge(base, override));
}

/**
 * The override's keys are the caller's: only the base's own members are merged
 * into (`constructor` is no setting), and keys are defined, never assigned, so
 * a `__proto__` key stays a plain (then stripped) field instead of a prototype.
 */
function deepMerge(a: unknown, b: unknown): unknown {
  if (isPlainObject(a) && isPlainObject(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) {
      const merged = deepMerge(Object.hasOwn(a, k) ? a[k] : undefined, v);
      Object.defineProperty(out, k, { value: merged, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return b === undefined ? a : b;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
