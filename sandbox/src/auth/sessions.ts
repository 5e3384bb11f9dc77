import type { Deps, UserRow } from "../app-env";
import { ApiError } from "../http/api-error";
import { randomHex } from "../ids";
import { sha256Hex } from "./crypto";

const DAY_MS = 86_400_000;

/**
 * A row of `refresh_tokens`. `id` is the session: it survives rotation (each
 * refresh revokes its row and inserts the next one under the same id), so the
 * access token's `sid` and `GET /auth/sessions` keep pointing at one session.
 */
export interface RefreshRow {
  token_hash: string;
  id: string;
  user_id: string;
  /** Login time of the session (ms); rotation keeps it. */
  created_at: number;
  /** Sliding expiry (ms). */
  expires_at: number;
  /** The hard limit from login (ms). */
  hard_expires_at: number;
  revoked_at: number | null;
  ip_address: string | null;
  user_agent: string | null;
}

/** Opens a session at login; returns its id and the opaque 80-hex refresh token (stored only hashed). */
export async function openSession(
  deps: Deps,
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ id: string; token: string; expiresAt: number }> {
  const now = deps.clock.now();
  const { refreshSlidingDays, refreshHardDays } = deps.config();
  const hard = now + refreshHardDays * DAY_MS;
  const row: RefreshRow = {
    token_hash: "",
    id: deps.nextId(),
    user_id: userId,
    created_at: now,
    expires_at: Math.min(now + refreshSlidingDays * DAY_MS, hard),
    hard_expires_at: hard,
    revoked_at: null,
    ip_address: meta.ip,
    user_agent: meta.userAgent,
  };
  const token = randomHex(40);
  insertRow(deps, { ...row, token_hash: await sha256Hex(token) });
  return { id: row.id, token, expiresAt: row.expires_at };
}

/**
 * Trades a refresh token for its successor: the old one stops working, the
 * sliding expiry restarts, the hard limit from login stays.
 */
export async function rotateSession(
  deps: Deps,
  token: string,
): Promise<{ row: RefreshRow; token: string; user: UserRow }> {
  const now = deps.clock.now();
  const current = await liveRow(deps, token);
  if (!current) throw new ApiError(401, "INVALID_REFRESH_TOKEN", "Invalid or expired refresh token");
  const user = deps.sql.one<UserRow>("SELECT * FROM users WHERE id = ?", current.user_id);
  if (!user) throw new ApiError(401, "INVALID_REFRESH_TOKEN", "Invalid or expired refresh token");
  if (!user.is_active) throw new ApiError(401, "ACCOUNT_DISABLED", "Account is disabled");
  if (user.status === "suspended") throw new ApiError(403, "ACCOUNT_SUSPENDED", "Your account is suspended");
  const next = randomHex(40);
  const row: RefreshRow = {
    ...current,
    token_hash: await sha256Hex(next),
    expires_at: Math.min(now + deps.config().refreshSlidingDays * DAY_MS, current.hard_expires_at),
  };
  deps.sql.transaction(() => {
    deps.sql.run("UPDATE refresh_tokens SET revoked_at = ? WHERE token_hash = ?", now, current.token_hash);
    insertRow(deps, row);
  });
  return { row, token: next, user };
}

/** Revokes one refresh token if it is live; true when something was revoked. */
export async function revokeToken(deps: Deps, token: string): Promise<boolean> {
  const row = await liveRow(deps, token);
  if (!row) return false;
  return (
    deps.sql.run("UPDATE refresh_tokens SET revoked_at = ? WHERE token_hash = ?", deps.clock.now(), row.token_hash) > 0
  );
}

/** Revokes every live refresh token of a user; returns how many sessions ended. */
export function revokeAll(deps: Deps, userId: string): number {
  return deps.sql.run(
    "UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
    deps.clock.now(),
    userId,
  );
}

/** The user's live sessions, newest first. */
export function liveSessions(deps: Deps, userId: string): RefreshRow[] {
  const now = deps.clock.now();
  return deps.sql.all<RefreshRow>(
    `SELECT * FROM refresh_tokens WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? AND hard_expires_at > ?
     ORDER BY created_at DESC, rowid DESC`,
    userId,
    now,
    now,
  );
}

async function liveRow(deps: Deps, token: string): Promise<RefreshRow | undefined> {
  const row = deps.sql.one<RefreshRow>("SELECT * FROM refresh_tokens WHERE token_hash = ?", await sha256Hex(token));
  const now = deps.clock.now();
  if (!row || row.revoked_at !== null || row.expires_at <= now || row.hard_expires_at <= now) return undefined;
  return row;
}

function insertRow(deps: Deps, r: RefreshRow): void {
  deps.sql.run(
    `INSERT INTO refresh_tokens (token_hash, id, user_id, created_at, expires_at, hard_expires_at, revoked_at, ip_address, user_agent)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    r.token_hash,
    r.id,
    r.user_id,
    r.created_at,
    r.expires_at,
    r.hard_expires_at,
    r.revoked_at,
    r.ip_address,
    r.user_agent,
  );
}

const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/Edg\//, "Edge"],
  [/Firefox\//, "Firefox"],
  [/Chrome\//, "Chrome"],
  [/Safari\//, "Safari"],
];
const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
  [/Windows/, "Windows"],
  [/iPhone|iPad/, "iOS"],
  [/Android/, "Android"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

/** A short description of a user agent for the session list, e.g. "Chrome on macOS"; else its product token. */
export function deviceInfo(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const os = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? userAgent.split(/[\s/]/)[0] ?? null;
}
