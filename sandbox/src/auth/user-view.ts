import type { UserRow } from "../app-env";
import type { Sql } from "../db/sql";

/** The user object of the API (spec §2.3): camelCase, and never the password hash. */
export interface UserView {
  id: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  role: UserRow["role"];
  status: UserRow["status"];
  isActive: boolean;
  lastLogin: string | null;
  createdAt: string;
  updatedAt: string;
  timezone: string;
}

/** The extra settings kept in `users.profile` (JSON), set by `PUT /auth/profile` and at sign-up. */
export interface ProfileSettings {
  home_city?: string | null;
  home_state?: string | null;
  home_zip?: string | null;
  home_lat?: number | null;
  home_lng?: number | null;
  licensed_states?: string[] | null;
  search_radius_miles?: number | null;
  email_kind?: string | null;
  sms_consent?: boolean | null;
}

export function userView(u: UserRow): UserView {
  return {
    id: u.id,
    email: u.email,
    username: u.username,
    firstName: u.first_name,
    lastName: u.last_name,
    role: u.role,
    status: u.status,
    isActive: u.is_active === 1,
    lastLogin: u.last_login,
    createdAt: u.created_at,
    updatedAt: u.updated_at,
    timezone: u.timezone,
  };
}

export function profileSettings(u: UserRow): ProfileSettings {
  try {
    const parsed: unknown = JSON.parse(u.profile);
    return typeof parsed === "object" && parsed !== null ? (parsed as ProfileSettings) : {};
  } catch {
    return {};
  }
}

/** `PUT /auth/profile`'s answer: the flat user plus the home, licence and radius settings (unset → null). */
export function profileView(u: UserRow): UserView & Record<string, unknown> {
  const p = profileSettings(u);
  return {
    ...userView(u),
    home_city: p.home_city ?? null,
    home_state: p.home_state ?? null,
    home_zip: p.home_zip ?? null,
    home_lat: p.home_lat ?? null,
    home_lng: p.home_lng ?? null,
    licensed_states: p.licensed_states ?? null,
    search_radius_miles: p.search_radius_miles ?? null,
  };
}

export function findUser(sql: Sql, id: string): UserRow | undefined {
  return sql.one<UserRow>("SELECT * FROM users WHERE id = ?", id);
}
