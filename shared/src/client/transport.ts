import type * as z from "../zod";
import { parseResponse, successEnvelope } from "./envelope";
import { ActuallyCareError, isRetryableStatus } from "./errors";
import { type Clock, realSleep, type Sleep, systemClock } from "./kv-like";
import type { RateGate } from "./rate-gate";
import { errorFromResponse, networkError } from "./response-errors";
import { fullJitterDelay, rateWindowFrom, retryAtFrom } from "./retry-timing";
import type { SubrequestBudget } from "./subrequest-budget";

/** Which credential an operation takes (spec §1.2). */
export type AuthMode = "key-or-jwt" | "jwt" | "none";

/** Supplies bearer tokens for JWT calls; see `JwtSession`. */
export interface TokenSource {
  accessToken(transport: Transport): Promise<string>;
  /** Forgets a token the API refused, so the next call refreshes or logs in again. */
  invalidate(token: string): Promise<void>;
}

export interface TransportOptions {
  /** e.g. `https://api.actuallycare.com/v1`, or the sandbox's `http://localhost:8787/v1`. */
  baseUrl: string;
  /** `fetch`, or a service binding's `fetch`; the same code path either way. */
  fetch?: (request: Request) => Promise<Response>;
  apiKey?: string;
  session?: TokenSource;
  /** Shared cool-down and pacing; without it each instance only reacts to its own 429s. */
  gate?: RateGate;
  budget?: SubrequestBudget;
  clock?: Clock;
  sleep?: Sleep;
  random?: () => number;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /** Per call, retries and waits included (default 30 s). */
  deadlineMs?: number;
  /** Attempts per call (default 4). */
  maxAttempts?: number;
}

/** One API call. `path` is relative to the base URL, e.g. `/leads/123`. */
export interface RequestSpec<S extends z.ZodMiniType> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  auth: AuthMode;
  /** Schema of `data` in the success envelope. */
  data: S;
  /** Overrides the transport's per-call deadline. */
  deadlineMs?: number;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 8000;

/**
 * Sends API calls: auth headers, timeouts, safe retries with full-jitter
 * backoff, 429 handling through the shared gate, the subrequest budget, and
 * validation of every answer. Retries only where they cannot duplicate a
 * write: GET/PUT/PATCH/DELETE on network errors, 5xx and 429; POST only on
 * 429 and when the connection provably never reached the API.
 */
export class Transport {
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly send: (request: Request) => Promise<Response>;

  constructor(readonly options: TransportOptions) {
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.send = options.fetch ?? ((request) => fetch(request));
  }

  /** Sends a call and returns the validated success envelope (`data` plus any top-level extras). */
  async request<S extends z.ZodMiniType>(
    spec: RequestSpec<S>,
  ): Promise<z.infer<ReturnType<typeof successEnvelope<S>>>> {
    const what = `${spec.method} ${spec.path}`;
    const deadline = this.clock.now() + (spec.deadlineMs ?? this.options.deadlineMs ?? 30_000);
    const maxAttempts = this.options.maxAttempts ?? 4;
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    let refreshedAuth = false;
    for (let attempt = 1; ; attempt++) {
      await this.options.gate?.beforeSend(deadline);
      this.options.budget?.spend();
      const token = spec.auth === "none" ? null : await this.credential(spec.auth);
      let response: Response;
      try {
        response = await this.send(this.buildRequest(spec, body, token, deadline));
      } catch (err) {
        const failure = networkError(err, what);
        const retryable = spec.method !== "POST" || failure.notSent;
        if (retryable && attempt < maxAttempts && (await this.pause(attempt, deadline))) continue;
        throw failure.error;
      }
      const now = this.clock.now();
      const window = rateWindowFrom(response.headers, now);
      if (window) await this.options.gate?.observe(window);
      if (response.ok) return parseResponse(successEnvelope(spec.data), await readJson(response, what), what);

      const error = await errorFromResponse(response, what, now);
      if (response.status === 429) {
        const retryAt =
          retryAtFrom(response.headers, now) ?? now + fullJitterDelay(attempt, 1000, 60_000, this.options.random);
        await this.options.gate?.cooldown(retryAt);
        // A 429 was refused before any work, so even a POST may be sent again.
        if (attempt < maxAttempts && retryAt <= deadline) {
          await this.sleep(Math.max(0, retryAt - this.clock.now()));
          continue;
        }
        throw new ActuallyCareError({ ...errorInit(error), kind: "rate_limited", retryAt, retryable: true });
      }
      if (response.status === 401 && token && spec.auth !== "none" && this.usesSession(spec.auth) && !refreshedAuth) {
        // An access token can expire between our check and the API's; one fresh token, one more try.
        refreshedAuth = true;
        await this.options.session?.invalidate(token.value.replace(/^Bearer /, ""));
        continue;
      }
      const retryable = isRetryableStatus(response.status) && spec.method !== "POST";
      if (retryable && attempt < maxAttempts && (await this.pause(attempt, deadline))) continue;
      throw new ActuallyCareError({ ...errorInit(error), retryable: isRetryableStatus(response.status) });
    }
  }

  private usesSession(auth: AuthMode): boolean {
    return auth === "jwt" || (auth === "key-or-jwt" && !this.options.apiKey);
  }

  private async credential(auth: Exclude<AuthMode, "none">): Promise<{ header: string; value: string } | null> {
    if (auth === "key-or-jwt" && this.options.apiKey) return { header: "X-API-Key", value: this.options.apiKey };
    if (!this.options.session) {
      throw new TypeError(
        auth === "jwt"
          ? "This operation needs a JWT session (email and password)"
          : "The client has neither an API key nor a session",
      );
    }
    return { header: "Authorization", value: `Bearer ${await this.options.session.accessToken(this)}` };
  }

  private buildRequest(
    spec: RequestSpec<z.ZodMiniType>,
    body: string | undefined,
    credential: { header: string; value: string } | null,
    deadline: number,
  ): Request {
    const url = new URL(`${this.options.baseUrl.replace(/\/+$/, "")}${spec.path}`);
    for (const [k, v] of Object.entries(spec.query ?? {}))
      if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
    const headers = new Headers({ Accept: "application/json" });
    if (body !== undefined) headers.set("Content-Type", "application/json");
    if (credential) headers.set(credential.header, credential.value);
    const timeoutMs = Math.max(1, Math.min(this.options.timeoutMs ?? 10_000, deadline - this.clock.now()));
    return new Request(url, { method: spec.method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
  }

  /** Waits before the next attempt if the deadline allows it; false when it does not. */
  private async pause(attempt: number, deadline: number): Promise<boolean> {
    const delay = fullJitterDelay(attempt, BACKOFF_BASE_MS, BACKOFF_CAP_MS, this.options.random);
    if (this.clock.now() + delay >= deadline) return false;
    await this.sleep(delay);
    return true;
  }
}

function errorInit(e: ActuallyCareError) {
  return {
    kind: e.kind,
    message: e.message,
    status: e.status,
    code: e.code,
    errorId: e.errorId,
    correlationId: e.correlationId,
    details: e.details,
  };
}

async function readJson(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ActuallyCareError({
      kind: "invalid_response",
      message: `${what}: the answer is not JSON`,
      field: "(body)",
    });
  }
}
