import type { Caller, UserRow } from "../app-env";
import { ApiError, forbidden, notFound } from "../http/api-error";
import type { PageRequest } from "../http/pagination";
import type { Sql, SqlValue } from "./sql";

export type ResourceTableName = "leads" | "clients" | "contacts" | "escrows" | "listings" | "appointments";

/** A stored record: the owner columns that drive visibility, and the JSON body the API returns. */
export interface Stored<T> {
  id: string;
  owner_id: string;
  team_id: string | null;
  body: T;
}

/** A SQL condition with its parameters. */
export interface Condition {
  sql: string;
  params: SqlValue[];
}

/** `json_extract` of a body field, for filters and sorts. */
export const field = (name: string) => `json_extract(body, '$.${name.replace(/[^a-z_]/g, "")}')`;

/** Agents see their own records, brokers their team's, system admins all (spec §4.3). */
export function visibleTo(user: UserRow): Condition {
  if (user.role === "system_admin") return { sql: "1 = 1", params: [] };
  if (user.role === "broker" && user.team_id) {
    return { sql: "(team_id = ? OR owner_id = ?)", params: [user.team_id, user.id] };
  }
  return { sql: "owner_id = ?", params: [user.id] };
}

function canSee(user: UserRow, row: { owner_id: string; team_id: string | null }): boolean {
  if (user.role === "system_admin" || row.owner_id === user.id) return true;
  return user.role === "broker" && user.team_id !== null && row.team_id === user.team_id;
}

/** One resource table of identical shape: id, owner, team, created_at and a JSON body. */
export class ResourceTable<T extends { id: string; created_at: string }> {
  constructor(
    private readonly sql: Sql,
    readonly table: ResourceTableName,
  ) {}

  insert(owner: UserRow, body: T): T {
    this.sql.run(
      `INSERT INTO ${this.table} (id, owner_id, team_id, created_at, body) VALUES (?, ?, ?, ?, ?)`,
      body.id,
      owner.id,
      owner.team_id,
      body.created_at,
      JSON.stringify(body),
    );
    return body;
  }

  find(where: Condition): Stored<T> | undefined {
    const row = this.sql.one<{ id: string; owner_id: string; team_id: string | null; body: string }>(
      `SELECT id, owner_id, team_id, body FROM ${this.table} WHERE ${where.sql} LIMIT 1`,
      ...where.params,
    );
    return row ? { ...row, body: JSON.parse(row.body) as T } : undefined;
  }

  /**
   * The record the caller asked for: 404 when unknown (malformed ids included,
   * never 400), 403 FORBIDDEN when it exists outside the caller's visibility.
   */
  getFor(caller: Caller, id: string, label: string, where: Condition = { sql: "id = ?", params: [id] }): Stored<T> {
    const found = this.find(where);
    if (!found) throw notFound(label);
    if (!canSee(caller.user, found)) throw forbidden();
    return found;
  }

  save(body: T): T {
    this.sql.run(`UPDATE ${this.table} SET body = ? WHERE id = ?`, JSON.stringify(body), body.id);
    return body;
  }

  delete(id: string): void {
    this.sql.run(`DELETE FROM ${this.table} WHERE id = ?`, id);
  }

  /** A page of the records matching every condition, plus the total count. */
  page(conditions: Condition[], orderBy: string, page: PageRequest): { items: T[]; total: number } {
    const where = conditions.map((c) => c.sql).join(" AND ") || "1 = 1";
    const params = conditions.flatMap((c) => c.params);
    const total =
      this.sql.one<{ n: number }>(`SELECT count(*) AS n FROM ${this.table} WHERE ${where}`, ...params)?.n ?? 0;
    const rows = this.sql.all<{ body: string }>(
      `SELECT body FROM ${this.table} WHERE ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
      ...params,
      page.limit,
      page.offset,
    );
    return { items: rows.map((r) => JSON.parse(r.body) as T), total };
  }

  /** Counts by a body field, e.g. `byStatus` stats. */
  countBy(conditions: Condition[], fieldName: string): Record<string, number> {
    const where = conditions.map((c) => c.sql).join(" AND ") || "1 = 1";
    const rows = this.sql.all<{ k: string | null; n: number }>(
      `SELECT ${field(fieldName)} AS k, count(*) AS n FROM ${this.table} WHERE ${where} GROUP BY k`,
      ...conditions.flatMap((c) => c.params),
    );
    return Object.fromEntries(rows.map((r) => [r.k ?? "unknown", r.n]));
  }
}

/**
 * Applies a partial update under the API's write rules (spec §4.1, §4.7): a
 * `version` that is not the current one is a 409; each update adds 1.
 */
export function applyUpdate<T extends { version: number; updated_at: string }>(
  current: T,
  patch: Partial<T>,
  sentVersion: number | undefined,
  nowIso: string,
): T {
  if (sentVersion !== undefined && sentVersion !== current.version) {
    throw new ApiError(409, "VERSION_CONFLICT", "The record was changed by someone else", {
      currentVersion: current.version,
      attemptedVersion: sentVersion,
    });
  }
  return { ...current, ...patch, version: current.version + 1, updated_at: nowIso };
}
