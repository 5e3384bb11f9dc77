import * as z from "@actuallycare/shared/zod";
import { parseRecipes, type Recipe } from "./recipes";
import { type BridgeToken, parseTokens } from "./tokens";

/** The worker's configuration, parsed once per isolate from its bindings. Secrets are kept, never logged. */
export interface Config {
  baseUrl: string;
  apiKey: string;
  /** The JWT session's account, for the JWT-only contacts group and `/me`. */
  email: string;
  password: string;
  tokens: BridgeToken[];
  /** The webhook subscription's secret, and the one before it while a rotation is under way. */
  webhookSecrets: string[];
  retentionDays: number;
  recipes: Map<string, Recipe>;
  /** Per recipe id: its path token or HMAC key. */
  catchSecrets: Map<string, string>;
  /** `sandbox`: the worker's clock follows the sandbox's (development only; see clock.ts). */
  clockSource: "system" | "sandbox";
  /** Against a local sandbox (a service binding or a loopback URL): allows http://localhost hook targets. */
  development: boolean;
}

const envSchema = z.object({
  ACTUALLYCARE_BASE_URL: z.url(),
  ACTUALLYCARE_API_KEY: z.string().check(z.regex(/^[0-9a-f]{64}$/, "must be a 64-hex ActuallyCare API key")),
  ACTUALLYCARE_EMAIL: z.email(),
  ACTUALLYCARE_PASSWORD: z.string().check(z.minLength(1)),
  BRIDGE_TOKENS: z.string(),
  WEBHOOK_SECRET: z.string().check(z.minLength(10, "must be at least 10 characters")),
  WEBHOOK_SECRET_PREVIOUS: z.optional(z.string().check(z.minLength(10, "must be at least 10 characters"))),
  RETENTION_DAYS: z.string().check(z.regex(/^[1-9]\d{0,3}$/, "must be a whole number of days, 1-9999")),
  RECIPES: z.optional(z.string()),
  CATCH_SECRETS: z.string(),
  CLOCK_SOURCE: z.enum(["system", "sandbox"]),
});

let cached: { env: object; config: Config } | null = null;

/** Validates the bindings; a missing or malformed one fails loudly, naming the binding but never its value. */
export function configFrom(env: Env): Config {
  if (cached?.env === env) return cached.config;
  const result = z.safeParse(envSchema, env as Env & OptionalBindings);
  if (!result.success) {
    throw new Error(
      `bridge is misconfigured: ${result.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
  }
  const d = result.data;
  const recipes = parseRecipes(d.RECIPES ?? "[]");
  const catchSecrets = parseCatchSecrets(d.CATCH_SECRETS);
  const missing = [...recipes.keys()].filter((id) => !catchSecrets.has(id));
  if (missing.length > 0)
    throw new Error(`bridge is misconfigured: CATCH_SECRETS has no secret for ${missing.join(", ")}`);
  const clockSource = d.CLOCK_SOURCE;
  const development = isLocalApi(d.ACTUALLYCARE_BASE_URL, env);
  if (clockSource === "sandbox" && !development) {
    throw new Error("bridge is misconfigured: CLOCK_SOURCE=sandbox is for a local sandbox only");
  }
  const config: Config = {
    baseUrl: d.ACTUALLYCARE_BASE_URL,
    apiKey: d.ACTUALLYCARE_API_KEY,
    email: d.ACTUALLYCARE_EMAIL,
    password: d.ACTUALLYCARE_PASSWORD,
    tokens: parseTokens(d.BRIDGE_TOKENS),
    webhookSecrets: [d.WEBHOOK_SECRET, ...(d.WEBHOOK_SECRET_PREVIOUS ? [d.WEBHOOK_SECRET_PREVIOUS] : [])],
    retentionDays: Number(d.RETENTION_DAYS),
    recipes,
    catchSecrets,
    clockSource,
    development,
  };
  cached = { env, config };
  return config;
}

const catchSecretsSchema = z.record(z.string(), z.string().check(z.minLength(16, "must be at least 16 characters")));

function parseCatchSecrets(json: string): Map<string, string> {
  if (json.trim() === "") return new Map();
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("bridge is misconfigured: CATCH_SECRETS is not valid JSON");
  }
  const result = z.safeParse(catchSecretsSchema, raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`bridge is misconfigured: CATCH_SECRETS is invalid: ${problems.join("; ")}`);
  }
  return new Map(Object.entries(result.data));
}

/** The sandbox over a service binding (tests), or a loopback URL (`npm start`). */
function isLocalApi(baseUrl: string, env: Env): boolean {
  if ((env as Env & OptionalBindings).ACTUALLYCARE_API) return true;
  const host = new URL(baseUrl).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/**
 * Bindings a deployment may add beyond wrangler.toml: `ACTUALLYCARE_API`, a service binding to an
 * ActuallyCare-compatible API (the sandbox in tests; without it the client calls `ACTUALLYCARE_BASE_URL` over the
 * internet), and the secret of the previous webhook secret during a rotation.
 */
interface OptionalBindings {
  ACTUALLYCARE_API?: Fetcher;
  WEBHOOK_SECRET_PREVIOUS?: string;
}

/** The fetch the client uses: the service binding when there is one. */
export function apiFetch(env: Env): ((request: Request) => Promise<Response>) | undefined {
  const binding = (env as Env & OptionalBindings).ACTUALLYCARE_API;
  return binding ? (request) => binding.fetch(request) : undefined;
}
