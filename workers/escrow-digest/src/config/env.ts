import * as z from "@actuallycare/shared/zod";
import type { EmailProvider } from "../send/email-provider";
import { httpProvider } from "../send/http-provider";
import { sendEmailProvider } from "../send/send-email-provider";
import { parseRecipients, type Recipient } from "./recipients";

/** The worker's configuration, parsed once per isolate from its bindings. Secrets are kept, never logged. */
export interface Config {
  baseUrl: string;
  apiKey: string;
  operatorToken: string;
  unsubscribeSecret: string;
  recipients: Recipient[];
  emailFrom: string;
  publicUrl: string;
  escrowUrl: (displayId: string) => string;
  provider: EmailProvider;
  /** Development only: the sandbox clock the worker's "now" follows (README, "Local development"). */
  devClockUrl: string | null;
}

const httpUrl = z.url({ protocol: /^https?$/ });
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "sandbox.internal"]);

const envSchema = z.object({
  ACTUALLYCARE_BASE_URL: httpUrl,
  ACTUALLYCARE_API_KEY: z.string().check(z.regex(/^[0-9a-f]{64}$/, "must be a 64-hex ActuallyCare API key")),
  OPERATOR_TOKEN: z.string().check(z.minLength(16, "must be at least 16 characters")),
  UNSUBSCRIBE_SECRET: z.string().check(z.minLength(32, "must be at least 32 characters")),
  RECIPIENTS: z.string(),
  EMAIL_PROVIDER: z.enum(["http", "send_email"]),
  EMAIL_FROM: z
    .string()
    .check(z.regex(/^([^<>]*<)?[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>?$/, "must be an address or Name <address>")),
  EMAIL_API_URL: httpUrl,
  RESEND_API_KEY: z.optional(z.string().check(z.minLength(1))),
  ESCROW_URL_TEMPLATE: z
    .string()
    .check(
      z.refine((s) => s.includes("{id}") && URL.canParse(s.replace("{id}", "x")), "must be a URL containing {id}"),
    ),
  PUBLIC_URL: httpUrl.check(
    z.refine((s) => s.startsWith("https:") || LOCAL_HOSTS.has(new URL(s).hostname), "must be https (except locally)"),
  ),
  DEV_CLOCK_URL: z.optional(
    z.union([
      z.literal(""),
      httpUrl.check(z.refine((s) => LOCAL_HOSTS.has(new URL(s).hostname), "must be a local sandbox URL")),
    ]),
  ),
});

/**
 * Bindings a deployment may add beyond wrangler.toml: `ACTUALLYCARE_API` (a
 * service binding to an ActuallyCare-compatible API: the sandbox in tests),
 * `EMAIL_API` (a service binding for the HTTP provider: the playground's
 * outbox in tests), `SEND_EMAIL` (the `send_email` binding, for
 * EMAIL_PROVIDER=send_email) and the secrets that only some setups need.
 */
export interface OptionalBindings {
  ACTUALLYCARE_API?: Fetcher;
  EMAIL_API?: Fetcher;
  SEND_EMAIL?: SendEmail;
}
export type DigestEnv = Env & OptionalBindings;

let cached: { env: object; config: Config } | null = null;

/** Validates the bindings; a missing or malformed one fails loudly, naming the binding but never its value. */
export function configFrom(env: DigestEnv): Config {
  if (cached?.env === env) return cached.config;
  const result = z.safeParse(envSchema, env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")} ${i.message}`);
    throw new Error(`escrow-digest is misconfigured: ${problems.join("; ")}`);
  }
  const v = result.data;
  const recipients = parseRecipients(v.RECIPIENTS);
  let provider: EmailProvider;
  if (v.EMAIL_PROVIDER === "http") {
    if (!v.RESEND_API_KEY)
      throw new Error("escrow-digest is misconfigured: RESEND_API_KEY is required by EMAIL_PROVIDER=http");
    const binding = env.EMAIL_API;
    provider = httpProvider({
      baseUrl: v.EMAIL_API_URL,
      apiKey: v.RESEND_API_KEY,
      fetch: binding ? (r) => binding.fetch(r) : undefined,
    });
  } else {
    if (!env.SEND_EMAIL)
      throw new Error(
        "escrow-digest is misconfigured: EMAIL_PROVIDER=send_email needs a [[send_email]] binding SEND_EMAIL",
      );
    provider = sendEmailProvider(env.SEND_EMAIL);
  }
  const config: Config = {
    baseUrl: v.ACTUALLYCARE_BASE_URL,
    apiKey: v.ACTUALLYCARE_API_KEY,
    operatorToken: v.OPERATOR_TOKEN,
    unsubscribeSecret: v.UNSUBSCRIBE_SECRET,
    recipients,
    emailFrom: v.EMAIL_FROM,
    publicUrl: v.PUBLIC_URL.replace(/\/+$/, ""),
    escrowUrl: (id) => v.ESCROW_URL_TEMPLATE.replace("{id}", encodeURIComponent(id)),
    provider,
    devClockUrl: v.DEV_CLOCK_URL || null,
  };
  cached = { env, config };
  return config;
}

/** The API's fetch: the service binding when there is one. */
export function apiFetch(env: DigestEnv): ((request: Request) => Promise<Response>) | undefined {
  const binding = env.ACTUALLYCARE_API;
  return binding ? (request) => binding.fetch(request) : undefined;
}

/**
 * "Now" for this invocation. In production the system clock; in development,
 * when DEV_CLOCK_URL names the sandbox's clock, the sandbox's time, so that
 * "today" has the fixtures' deadlines (the sandbox starts at its own date).
 */
export async function clockFor(env: DigestEnv, config: Config): Promise<() => number> {
  if (!config.devClockUrl) return Date.now;
  const request = new Request(config.devClockUrl);
  const res = await (env.ACTUALLYCARE_API ? env.ACTUALLYCARE_API.fetch(request) : fetch(request));
  const body = (await res.json().catch(() => null)) as { data?: { now?: unknown } } | null;
  const sandboxNow = typeof body?.data?.now === "string" ? Date.parse(body.data.now) : Number.NaN;
  if (Number.isNaN(sandboxNow)) throw new Error(`DEV_CLOCK_URL answered ${res.status} without a time`);
  const offset = sandboxNow - Date.now();
  return () => Date.now() + offset;
}
