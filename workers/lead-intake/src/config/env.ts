import * as z from "@actuallycare/shared/zod";
import { type FormConfig, parseForms } from "./forms";

/** The worker's configuration, parsed once per isolate from its bindings. Secrets are kept, never logged. */
export interface Config {
  baseUrl: string;
  apiKey: string;
  operatorToken: string;
  /** Signs the `started_at` of every rendered form (HMAC): the time-to-submit check trusts only the server. */
  formSigningSecret: string;
  /** Turnstile's secret key; present whenever a form has Turnstile on. */
  turnstileSecret: string | null;
  forms: Map<string, FormConfig>;
  /** How long one call to the API may take before its outcome counts as unknown (`API_TIMEOUT_MS`). */
  apiTimeoutMs: number;
}

const envSchema = z.object({
  ACTUALLYCARE_BASE_URL: z.url(),
  ACTUALLYCARE_API_KEY: z.string().check(z.regex(/^[0-9a-f]{64}$/, "must be a 64-hex ActuallyCare API key")),
  OPERATOR_TOKEN: z.string().check(z.minLength(16, "must be at least 16 characters")),
  FORM_SIGNING_SECRET: z.string().check(z.minLength(32, "must be at least 32 characters")),
  FORMS: z.string(),
  TURNSTILE_SECRET_KEY: z.optional(z.string().check(z.minLength(1))),
  API_TIMEOUT_MS: z.optional(z.coerce.number().check(z.int(), z.gte(250), z.lte(30_000))),
});

let cached: { env: object; config: Config } | null = null;

/** Validates the bindings; a missing or malformed secret fails loudly, naming the binding but never its value. */
export function configFrom(env: Env): Config {
  if (cached?.env === env) return cached.config;
  const result = envSchema.safeParse(env as Env & OptionalBindings);
  if (!result.success) {
    throw new Error(
      `lead-intake is misconfigured: ${result.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
  }
  const forms = parseForms(result.data.FORMS);
  const turnstileSecret = result.data.TURNSTILE_SECRET_KEY ?? null;
  const needsTurnstile = [...forms.values()].filter((f) => f.turnstileSiteKey).map((f) => f.id);
  if (needsTurnstile.length > 0 && !turnstileSecret) {
    throw new Error(
      `lead-intake is misconfigured: TURNSTILE_SECRET_KEY is required by the forms ${needsTurnstile.join(", ")}`,
    );
  }
  const config = {
    baseUrl: result.data.ACTUALLYCARE_BASE_URL,
    apiKey: result.data.ACTUALLYCARE_API_KEY,
    operatorToken: result.data.OPERATOR_TOKEN,
    formSigningSecret: result.data.FORM_SIGNING_SECRET,
    turnstileSecret,
    forms,
    apiTimeoutMs: result.data.API_TIMEOUT_MS ?? 10_000,
  };
  cached = { env, config };
  return config;
}

/**
 * Bindings a deployment may add beyond wrangler.toml: `ACTUALLYCARE_API`, a
 * service binding to an ActuallyCare-compatible API (the sandbox in tests;
 * without it the client calls `ACTUALLYCARE_BASE_URL` over the internet), and
 * the optional secret `TURNSTILE_SECRET_KEY` (only forms with Turnstile need it,
 * so it is not in wrangler.toml's required secrets), and `API_TIMEOUT_MS`.
 */
interface OptionalBindings {
  ACTUALLYCARE_API?: Fetcher;
  TURNSTILE_SECRET_KEY?: string;
  API_TIMEOUT_MS?: string | number;
}

export function apiFetch(env: Env): ((request: Request) => Promise<Response>) | undefined {
  const binding = (env as Env & OptionalBindings).ACTUALLYCARE_API;
  return binding ? (request) => binding.fetch(request) : undefined;
}
