import type { Deps, UserRow } from "../app-env";
import { ApiError, noUpdates } from "../http/api-error";
import type { ProfileUpdate } from "./account-schemas";
import { hashPassword, verifyPassword } from "./crypto";
import { type ProfileSettings, profileSettings } from "./user-view";

const SETTINGS: ReadonlyArray<[keyof ProfileUpdate, keyof ProfileSettings]> = [
  ["homeCity", "home_city"],
  ["homeState", "home_state"],
  ["homeZip", "home_zip"],
  ["homeLat", "home_lat"],
  ["homeLng", "home_lng"],
  ["licensedStates", "licensed_states"],
  ["searchRadiusMiles", "search_radius_miles"],
];

/**
 * Applies a validated `PUT /auth/profile` and returns the updated row. A password
 * change needs the current password; `currentPassword` alone changes nothing.
 */
export async function updateProfile(deps: Deps, user: UserRow, input: ProfileUpdate): Promise<UserRow> {
  const columns: Partial<Pick<UserRow, "first_name" | "last_name" | "timezone">> = {
    ...(input.firstName !== undefined ? { first_name: input.firstName } : {}),
    ...(input.lastName !== undefined ? { last_name: input.lastName } : {}),
    ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
  };
  const next: UserRow = { ...user, ...columns };
  let changed = Object.keys(columns).length > 0;
  const settings: Record<string, unknown> = { ...profileSettings(user) };
  for (const [from, to] of SETTINGS) {
    if (input[from] === undefined) continue;
    settings[to] = input[from];
    changed = true;
  }
  next.profile = JSON.stringify(settings);
  if (input.newPassword !== undefined) {
    if (!input.currentPassword) {
      throw new ApiError(400, "MISSING_CURRENT_PASSWORD", "Current password is required to set a new password");
    }
    if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
      throw new ApiError(400, "INVALID_CURRENT_PASSWORD", "Current password is incorrect");
    }
    next.password_hash = await hashPassword(input.newPassword);
    changed = true;
  }
  if (!changed) throw noUpdates();
  next.updated_at = deps.clock.iso();
  deps.sql.run(
    "UPDATE users SET first_name = ?, last_name = ?, timezone = ?, profile = ?, password_hash = ?, updated_at = ? WHERE id = ?",
    next.first_name,
    next.last_name,
    next.timezone,
    next.profile,
    next.password_hash,
    next.updated_at,
    user.id,
  );
  return next;
}
