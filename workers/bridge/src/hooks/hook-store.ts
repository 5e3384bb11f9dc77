import { AppError } from "@actuallycare/shared/app-error";
import type { HookFilter } from "./hook-filter";

export interface Hook {
  id: string;
  event: string;
  target_url: string;
  filter: HookFilter | null;
  created_at: string;
}

interface HookRow {
  id: string;
  event: string;
  target_url: string;
  filter: string | null;
  created_at_ms: number;
}

const toHook = (r: HookRow): Hook => ({
  id: r.id,
  event: r.event,
  target_url: r.target_url,
  filter: r.filter ? (JSON.parse(r.filter) as HookFilter) : null,
  created_at: new Date(r.created_at_ms).toISOString(),
});

/** `hk_` + 24 hex: unguessable, so one token's hook ids do not reveal another's. */
const newHookId = () =>
  `hk_${[...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;

export async function createHook(
  db: D1Database,
  owner: string,
  input: { event: string; target_url: string; filter?: HookFilter | undefined },
  nowMs: number,
): Promise<Hook> {
  const row: HookRow = {
    id: newHookId(),
    event: input.event,
    target_url: input.target_url,
    filter: input.filter ? JSON.stringify(input.filter) : null,
    created_at_ms: nowMs,
  };
  await db
    .prepare("INSERT INTO hooks (id, event, target_url, filter, owner, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(row.id, row.event, row.target_url, row.filter, owner, nowMs)
    .run();
  return toHook(row);
}

/** The owner's active hooks, newest first. */
export async function listHooks(db: D1Database, owner: string): Promise<Hook[]> {
  const { results } = await db
    .prepare(
      "SELECT id, event, target_url, filter, created_at_ms FROM hooks WHERE owner = ? AND active = 1 ORDER BY created_at_ms DESC, id LIMIT 500",
    )
    .bind(owner)
    .all<HookRow>();
  return results.map(toHook);
}

/** Ends one of the owner's hooks (idempotent for an active one); 404 for anything else. */
export async function deleteHook(db: D1Database, owner: string, id: string, nowMs: number): Promise<void> {
  const r = await db
    .prepare(
      "UPDATE hooks SET active = 0, ended_at_ms = ?, end_reason = 'unsubscribed' WHERE id = ? AND owner = ? AND active = 1",
    )
    .bind(nowMs, id, owner)
    .run();
  if (r.meta.changes === 0) throw new AppError(404, "NOT_FOUND", "No active hook with this id");
}

/** Active hooks of an event, for fan-out. */
export async function hooksOf(
  db: D1Database,
  event: string,
): Promise<Array<{ id: string; filter: HookFilter | null }>> {
  const { results } = await db
    .prepare("SELECT id, filter FROM hooks WHERE event = ? AND active = 1")
    .bind(event)
    .all<{ id: string; filter: string | null }>();
  return results.map((r) => ({ id: r.id, filter: r.filter ? (JSON.parse(r.filter) as HookFilter) : null }));
}
