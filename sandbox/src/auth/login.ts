import type { Deps, UserRow } from "../app-env";
import { ApiError } from "../http/api-error";
import { verifyPassword } from "./crypto";

const invalidCredentials = () => new ApiError(401, "INVALID_CREDENTIALS", "Invalid email or password");

function locked(until: number): ApiError {
  const lockedUntil = new Date(until).toISOString();
  return new ApiError(423, "ACCOUNT_LOCKED", "Account is temporarily locked after too many failed login attempts", {
    locked_until: lockedUntil,
  });
}

/**
 * Checks a login (spec §2.3): the identifier is an email or a username. Consecutive
 * wrong passwords count per user; the one that reaches `lockout.failures` locks
 * the account for `lockout.minutes` and answers 423 itself. While locked every
 * attempt is 423, the right password included; once the lock has passed the
 * count starts again from zero. Account state is told only to someone who knows
 * the password. A success resets the count and sets `last_login`.
 */
export async function checkLogin(deps: Deps, identifier: string, password: string): Promise<UserRow> {
  const id = identifier.toLowerCase();
  const user = deps.sql.one<UserRow>("SELECT * FROM users WHERE email = ? OR username = ? LIMIT 1", id, id);
  if (!user) throw invalidCredentials();
  const now = deps.clock.now();
  let failures = user.failed_logins;
  if (user.locked_until !== null) {
    if (user.locked_until > now) throw locked(user.locked_until);
    failures = 0;
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    failures += 1;
    const { lockout } = deps.config();
    const lockUntil = failures >= lockout.failures ? now + lockout.minutes * 60_000 : null;
    deps.sql.run("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?", failures, lockUntil, user.id);
    throw lockUntil === null ? invalidCredentials() : locked(lockUntil);
  }
  if (!user.is_active) throw new ApiError(401, "ACCOUNT_DISABLED", "Account is disabled");
  if (user.status === "suspended") throw new ApiError(403, "ACCOUNT_SUSPENDED", "Your account is suspended");
  const lastLogin = deps.clock.iso();
  deps.sql.run(
    "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login = ? WHERE id = ?",
    lastLogin,
    user.id,
  );
  return { ...user, failed_logins: 0, locked_until: null, last_login: lastLogin };
}
