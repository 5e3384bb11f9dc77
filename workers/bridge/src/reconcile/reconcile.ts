import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import type { Logger } from "@actuallycare/shared/worker/log";
import type { Now } from "../config/clock";
import { appendEvent, noteRecord, SAME_CHANGE_MS } from "../event-log/append";
import { projectData, RESOURCES, type Resource } from "../event-log/catalog";
import { inferEvents, stateOf } from "./record-changes";

/** One page of a resource's list (100 records), in any stable order. */
export type PageSource = (page: number) => Promise<{ items: Record<string, unknown>[]; hasMore: boolean }>;

export interface ReconcileDeps {
  db: D1Database;
  now: Now;
  sources: Record<Resource, PageSource>;
  /** Called with each appended entry's cursor (fan-out to REST hooks). */
  onAppended: (cursor: number) => Promise<void>;
  log: Logger;
  /** Pages one pass reads at most, over all resources; an unfinished resource resumes next pass. */
  maxPages?: number;
}

export interface ReconcileResult {
  pages: number;
  appended: number;
  /** The pass went through every resource without stopping early (budget, rate limit). */
  complete: boolean;
}

interface ResourceState {
  baseline_at_ms: number | null;
  next_page: number;
  pass_started_at_ms: number | null;
}

/**
 * The safety net the API recommends (spec §3.4): scans every record (the lists cannot be ordered by change time),
 * compares each with what the bridge last saw, and logs what a missed webhook would have said, once. A resource's
 * first full scan is its baseline and logs nothing. Each page's progress is saved, so a pass cut short by the
 * rate limit or the subrequest budget resumes where it stopped.
 */
export async function reconcile(deps: ReconcileDeps): Promise<ReconcileResult> {
  const maxPages = deps.maxPages ?? 30;
  const result: ReconcileResult = { pages: 0, appended: 0, complete: true };
  for (const resource of await passOrder(deps.db)) {
    const state = await readState(deps.db, resource);
    let page = state.next_page;
    const startedAt = page === 1 ? deps.now() : (state.pass_started_at_ms ?? deps.now());
    for (;;) {
      if (result.pages >= maxPages) {
        await saveState(deps.db, resource, { ...state, next_page: page, pass_started_at_ms: startedAt });
        result.complete = false;
        return result;
      }
      let listed: Awaited<ReturnType<PageSource>>;
      try {
        listed = await deps.sources[resource](page);
      } catch (err) {
        if (!(err instanceof ActuallyCareError)) throw err;
        deps.log.warn("reconcile.stopped", { resource, page, code: err.code, outcome: "deferred" });
        await saveState(deps.db, resource, { ...state, next_page: page, pass_started_at_ms: startedAt });
        result.complete = false;
        return result;
      }
      result.pages++;
      result.appended += await reconcilePage(deps, resource, listed.items, state.baseline_at_ms);
      if (!listed.hasMore || listed.items.length === 0) break;
      page++;
      await saveState(deps.db, resource, { ...state, next_page: page, pass_started_at_ms: startedAt });
    }
    await deps.db
      .prepare(
        `INSERT INTO reconcile_state (resource, baseline_at_ms, next_page, pass_started_at_ms, last_pass_at_ms)
         VALUES (?, ?, 1, NULL, ?)
         ON CONFLICT (resource) DO UPDATE SET baseline_at_ms = coalesce(reconcile_state.baseline_at_ms, excluded.baseline_at_ms),
           next_page = 1, pass_started_at_ms = NULL, last_pass_at_ms = excluded.last_pass_at_ms`,
      )
      .bind(resource, startedAt, deps.now())
      .run();
  }
  return result;
}

async function reconcilePage(
  deps: ReconcileDeps,
  resource: Resource,
  items: Record<string, unknown>[],
  baselineAt: number | null,
): Promise<number> {
  const states = items.map((r) => ({ record: r, state: stateOf(resource, r) })).filter((x) => x.state !== null);
  const { results } = await deps.db
    .prepare(
      "SELECT record_id, updated_at_ms, status FROM records WHERE resource = ? AND record_id IN (SELECT value FROM json_each(?))",
    )
    .bind(resource, JSON.stringify(states.map((x) => x.state?.id)))
    .all<{ record_id: string; updated_at_ms: number; status: string | null }>();
  const known = new Map(results.map((r) => [r.record_id, r]));
  let appended = 0;
  for (const { record, state } of states) {
    if (!state) continue;
    const before = known.get(state.id);
    // Baseline: only remember. Later: a record never seen is new only if it was made after the baseline began.
    const isNew = !before && baselineAt !== null && state.createdAtMs >= baselineAt - SAME_CHANGE_MS;
    // Any later change counts; appendEvent drops it if a webhook already logged that change (within SAME_CHANGE_MS).
    const changed = before !== undefined && state.updatedAtMs > before.updated_at_ms;
    if (isNew || changed) {
      const prior = before ? { updatedAtMs: before.updated_at_ms, status: before.status } : null;
      for (const e of inferEvents(resource, record, state, prior)) {
        const entry = await appendEvent(
          deps.db,
          {
            spec: e.spec,
            recordId: state.id,
            occurredAtMs: e.occurredAtMs,
            data: projectData(e.spec, e.source),
            origin: "reconcile",
            bodyHash: null,
          },
          deps.now(),
        );
        if (entry) {
          appended++;
          await deps.onAppended(entry.cursor);
        }
      }
    }
  }
  if (states.length > 0) {
    await deps.db.batch(
      states.map(({ state }) =>
        noteRecord(deps.db, resource, state?.id ?? "", state?.updatedAtMs ?? 0, state?.status ?? null),
      ),
    );
  }
  return appended;
}

/**
 * An unfinished resource first, then the one scanned longest ago: a pass cut short never starts over with the
 * resources it already finished, so every resource is scanned in turn however small the budget.
 */
async function passOrder(db: D1Database): Promise<Resource[]> {
  const { results } = await db
    .prepare("SELECT resource, pass_started_at_ms, last_pass_at_ms FROM reconcile_state")
    .all<{ resource: string; pass_started_at_ms: number | null; last_pass_at_ms: number | null }>();
  const rank = new Map(
    results.map((r) => [r.resource, r.pass_started_at_ms !== null ? -1 : (r.last_pass_at_ms ?? 0)] as const),
  );
  return [...RESOURCES].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
}

async function readState(db: D1Database, resource: Resource): Promise<ResourceState> {
  const row = await db
    .prepare("SELECT baseline_at_ms, next_page, pass_started_at_ms FROM reconcile_state WHERE resource = ?")
    .bind(resource)
    .first<ResourceState>();
  return row ?? { baseline_at_ms: null, next_page: 1, pass_started_at_ms: null };
}

async function saveState(db: D1Database, resource: Resource, s: ResourceState): Promise<void> {
  await db
    .prepare(
      `INSERT INTO reconcile_state (resource, baseline_at_ms, next_page, pass_started_at_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (resource) DO UPDATE SET next_page = excluded.next_page, pass_started_at_ms = excluded.pass_started_at_ms`,
    )
    .bind(resource, s.baseline_at_ms, s.next_page, s.pass_started_at_ms)
    .run();
}
