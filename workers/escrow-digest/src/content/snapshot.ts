import type { Escrow } from "@actuallycare/shared/client/groups/escrows";

/** What a recipient's previous digest showed, per escrow id: enough to tell what changed since. */
export type Snapshot = Record<string, { d: string; a: string; s: string }>;

export function snapshotOf(escrows: readonly Escrow[]): Snapshot {
  return Object.fromEntries(
    escrows.map((e) => [e.id, { d: e.display_id, a: e.property_address, s: String(e.escrow_status).toLowerCase() }]),
  );
}

export interface EscrowChange {
  id: string;
  displayId: string;
  address: string;
  kind: "new" | "status" | "closed" | "cancelled" | "removed";
  from?: string;
  to?: string;
}

/**
 * New escrows, status changes, and escrows that left the recipient's list
 * since the previous digest. `gone` holds the current record of each escrow
 * that left (null when the API no longer serves it: archived or deleted).
 * The first digest has no previous one, so it reports no change.
 */
export function changesSince(
  previous: Snapshot | null,
  current: readonly Escrow[],
  gone: ReadonlyMap<string, Escrow | null>,
): EscrowChange[] {
  if (!previous) return [];
  const out: EscrowChange[] = [];
  const now = snapshotOf(current);
  for (const e of current) {
    const before = previous[e.id];
    const status = now[e.id]?.s ?? "";
    if (!before) out.push({ id: e.id, displayId: e.display_id, address: e.property_address, kind: "new", to: status });
    else if (before.s !== status)
      out.push({
        id: e.id,
        displayId: e.display_id,
        address: e.property_address,
        kind: "status",
        from: before.s,
        to: status,
      });
  }
  for (const [id, before] of Object.entries(previous)) {
    if (now[id]) continue;
    const record = gone.get(id) ?? null;
    const status = record ? String(record.escrow_status).toLowerCase() : null;
    const kind = status === "closed" ? "closed" : status === "cancelled" ? "cancelled" : "removed";
    out.push({ id, displayId: before.d, address: before.a, kind, from: before.s, ...(status ? { to: status } : {}) });
  }
  return out;
}

/** Ids in the previous snapshot that the current list no longer has: the ones whose fate must be looked up. */
export function goneIds(previous: Snapshot | null, current: readonly Escrow[]): string[] {
  if (!previous) return [];
  const ids = new Set(current.map((e) => e.id));
  return Object.keys(previous).filter((id) => !ids.has(id));
}
