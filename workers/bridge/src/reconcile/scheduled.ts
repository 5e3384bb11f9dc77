import { SubrequestBudget } from "@actuallycare/shared/client/subrequest-budget";
import { bridgeTransport } from "../api/api-client";
import { clockFor } from "../config/clock";
import { configFrom } from "../config/env";
import { unfannedCursors } from "../hooks/fan-out";
import { fanOutLater } from "../hooks/fan-out-later";
import { log } from "../log";
import { type ReconcileResult, reconcile } from "./reconcile";
import { apiSources } from "./sources";

/** API calls one pass may make (plus a login now and then): well inside a Worker's subrequest limit. */
export const PASS_BUDGET = 40;

export interface ScheduledResult {
  reconciled: ReconcileResult | null;
  swept: number;
  expired: number;
}

/**
 * The cron pass: reconciliation (bulk work, paced, in the shared backoff), the fan-out sweep for entries whose
 * queue send failed, and retention. Each step runs even if another failed.
 */
export async function runScheduled(env: Env, options: { pace?: boolean } = {}): Promise<ScheduledResult> {
  const config = configFrom(env);
  const now = await clockFor(env, config);
  const started = now();
  const out: ScheduledResult = { reconciled: null, swept: 0, expired: 0 };
  const failed = (step: string, err: unknown) =>
    log.error("reconcile.step_failed", {
      step,
      errorName: err instanceof Error ? err.name : "error",
      outcome: "error",
    });
  try {
    const transport = await bridgeTransport(env, config, now, {
      priority: "bulk",
      budget: new SubrequestBudget(PASS_BUDGET + 2),
      ...(options.pace === undefined ? {} : { pace: options.pace }),
    });
    out.reconciled = await reconcile({
      db: env.BRIDGE_DB,
      now,
      sources: apiSources(transport),
      onAppended: (cursor) => fanOutLater(env, cursor, now()),
      log,
      maxPages: PASS_BUDGET,
    });
  } catch (err) {
    failed("reconcile", err);
  }
  try {
    for (const cursor of await unfannedCursors(env.BRIDGE_DB, now())) {
      await fanOutLater(env, cursor, now());
      out.swept++;
    }
  } catch (err) {
    failed("sweep", err);
  }
  try {
    const cutoff = now() - config.retentionDays * 86_400_000;
    const r = await env.BRIDGE_DB.prepare("DELETE FROM events WHERE logged_at_ms < ?").bind(cutoff).run();
    await env.BRIDGE_DB.prepare("DELETE FROM hook_deliveries WHERE state != 'queued' AND updated_at_ms < ?")
      .bind(cutoff)
      .run();
    out.expired = r.meta.changes;
  } catch (err) {
    failed("retention", err);
  }
  log.info("reconcile.pass", {
    outcome: out.reconciled?.complete ? "ok" : "partial",
    pages: out.reconciled?.pages,
    appended: out.reconciled?.appended,
    swept: out.swept,
    expired: out.expired,
    durationMs: Math.max(0, now() - started),
  });
  return out;
}
