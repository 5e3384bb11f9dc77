import * as z from "zod";

/**
 * webhook-fanout's delivery log as the landing page shows it, read server-side from the fan-out's operator API
 * (`GET /admin/attempts`, `GET /admin/deliveries?failed=true`). The operator token stays in the playground's
 * env (npm start copies the local fan-out's into the root .dev.vars): the browser only ever gets rendered rows.
 */

/** Where the local fan-out's operator API is and its token; both unset (or empty) when not configured. */
export interface FanoutLogEnv {
  FANOUT_ADMIN_URL?: string;
  FANOUT_OPERATOR_TOKEN?: string;
}

const text = z.string().max(2000);
const attemptSchema = z.object({
  eventId: text,
  event: text,
  destinationId: text,
  attempt: z.number(),
  outcome: text,
  status: z.number(),
  errorClass: text.nullable(),
  durationMs: z.number(),
  at: text.nullable(),
});
const deliverySchema = z.object({
  eventId: text,
  event: text,
  destinationId: text,
  state: text,
  tries: z.number(),
  lastError: text.nullable(),
  updatedAt: text.nullable(),
});
const envelope = <T extends z.ZodType>(key: string, item: T) =>
  z.object({ success: z.literal(true), data: z.object({ [key]: z.array(item).max(500) }) });

export type FanoutAttempt = z.infer<typeof attemptSchema>;
export type FanoutDelivery = z.infer<typeof deliverySchema>;

/** What the landing page can say about the log: each state renders differently, none carries the token. */
export type FanoutLog =
  | { state: "not-configured" }
  | { state: "unreachable"; reason: "not running" | "timed out" }
  | { state: "refused"; status: number }
  | { state: "unexpected" }
  | { state: "ok"; attempts: FanoutAttempt[]; failed: FanoutDelivery[] };

/** How many recent attempts and failed deliveries the page shows. */
export const LOG_LIMITS = { attempts: 20, failed: 10 } as const;

/**
 * Reads the fan-out's recent attempts and its dead or parked deliveries. Never throws: a fan-out that is not
 * running (or still starting) is a state of the page, not an error of it; a slow one is given up on quickly so
 * the landing page never hangs on it.
 */
export async function readFanoutLog(
  env: FanoutLogEnv,
  fetcher: typeof fetch = fetch,
  timeoutMs = 2000,
): Promise<FanoutLog> {
  const base = (env.FANOUT_ADMIN_URL ?? "").replace(/\/+$/, "");
  const token = env.FANOUT_OPERATOR_TOKEN ?? "";
  if (!/^https?:\/\//.test(base) || !token) return { state: "not-configured" };
  const signal = AbortSignal.timeout(timeoutMs);
  const get = async <T extends z.ZodType>(path: string, schema: T): Promise<FanoutLog | z.infer<T>> => {
    let res: Response;
    try {
      res = await fetcher(`${base}/admin/${path}`, { headers: { Authorization: `Bearer ${token}` }, signal });
    } catch {
      return { state: "unreachable", reason: signal.aborted ? "timed out" : "not running" };
    }
    // The body of a refusal is not shown (nor read into the page): only its status.
    if (!res.ok) {
      await res.body?.cancel();
      return { state: "refused", status: res.status };
    }
    const parsed = schema.safeParse(await res.json().catch(() => null));
    return parsed.success ? parsed.data : { state: "unexpected" };
  };
  const [attempts, failed] = await Promise.all([
    get(`attempts?limit=${LOG_LIMITS.attempts}`, envelope("attempts", attemptSchema)),
    get(`deliveries?failed=true&limit=${LOG_LIMITS.failed}`, envelope("deliveries", deliverySchema)),
  ]);
  if ("state" in attempts) return attempts;
  if ("state" in failed) return failed;
  return {
    state: "ok",
    attempts: attempts.data.attempts as FanoutAttempt[],
    failed: failed.data.deliveries as FanoutDelivery[],
  };
}
