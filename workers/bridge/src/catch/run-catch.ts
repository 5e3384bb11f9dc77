import { AppError } from "@actuallycare/shared/app-error";
import type { Transport } from "@actuallycare/shared/client/transport";
import type { Logger } from "@actuallycare/shared/worker/log";
import type { ActionInput, ActionName } from "../actions/action-schemas";
import { runAction } from "../actions/run-action";
import type { CatchMessage } from "./accept-catch";

export type CatchOutcome = { ack: true; state: "done" | "failed" | "skipped" } | { ack: false; retryInSeconds: number };

const backoffSeconds = (attempts: number) => Math.min(1800, 15 * 2 ** Math.max(0, attempts - 1));

/**
 * Runs one stored catch run through its action. Done and refused runs are final (a refusal keeps the API's code in
 * `last_error`); rate limits and outages are retried by the queue (Retry-After honoured), and after its retries the
 * run is kept as `dead`. A timeout may have written: the retry can then make a second record (the API has no
 * idempotency keys); `attempts` shows it.
 */
export async function runCatch(
  deps: { db: D1Database; transport: () => Promise<Transport>; now: () => number; log: Logger },
  body: unknown,
  attempts: number,
): Promise<CatchOutcome> {
  const runId = (body as Partial<CatchMessage> | null)?.runId;
  if (typeof runId !== "string") return { ack: true, state: "skipped" };
  const run = await deps.db
    .prepare("SELECT action, input, state FROM catch_runs WHERE id = ?")
    .bind(runId)
    .first<{ action: string; input: string; state: string }>();
  if (run?.state !== "queued") return { ack: true, state: "skipped" };
  const record = async (state: string, error: string | null, resultId: string | null) =>
    deps.db
      .prepare(
        "UPDATE catch_runs SET state = ?, last_error = ?, result_id = coalesce(?, result_id), attempts = attempts + 1, updated_at_ms = ? WHERE id = ?",
      )
      .bind(state, error, resultId, deps.now(), runId)
      .run();
  try {
    const input = JSON.parse(run.input) as ActionInput<ActionName>;
    const result = (await runAction(await deps.transport(), run.action as ActionName, input, deps.now)) as Record<
      string,
      any
    >;
    await record("done", null, String(result.id ?? result.lead?.id ?? ""));
    deps.log.info("catch.run_done", { runId, action: run.action, attempts, outcome: "ok" });
    return { ack: true, state: "done" };
  } catch (err) {
    if (err instanceof AppError && err.status !== 503) {
      deps.log.warn("catch.run_failed", { runId, action: run.action, code: err.code, outcome: "refused" });
      await record("failed", err.code, null);
      return { ack: true, state: "failed" };
    }
    const code = err instanceof AppError ? err.code : err instanceof Error ? err.name : "ERROR";
    const wait = err instanceof AppError && err.retryAfterSeconds ? err.retryAfterSeconds : backoffSeconds(attempts);
    await record("queued", code, null);
    deps.log.warn("catch.run_retry", {
      runId,
      action: run.action,
      attempts,
      code,
      retryInSeconds: wait,
      outcome: "retry",
    });
    return { ack: false, retryInSeconds: wait };
  }
}

/** The dead-letter queue's consumer: a run the queue gave up on stays visible as `dead`. */
export async function markCatchRunDead(db: D1Database, body: unknown, nowMs: number): Promise<boolean> {
  const runId = (body as Partial<CatchMessage> | null)?.runId;
  if (typeof runId !== "string") return false;
  const r = await db
    .prepare(
      "UPDATE catch_runs SET state = 'dead', last_error = coalesce(last_error, 'RETRIES_EXHAUSTED'), updated_at_ms = ? WHERE id = ? AND state = 'queued'",
    )
    .bind(nowMs, runId)
    .run();
  return r.meta.changes > 0;
}
