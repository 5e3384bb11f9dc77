import * as z from "../../zod";
import { parseResponse } from "../envelope";
import { maybeBoolean, maybeList, maybeNumber, maybeString, openEnum } from "../schema-helpers";
import type { AuthMode, Transport } from "../transport";

export const USER_ROLES = ["agent", "broker", "lender", "vendor", "system_admin"] as const;
export const USER_STATUSES = ["active", "waitlisted", "suspended"] as const;

/** The user object (spec §2.3), camelCase. Only `id` is required. */
export const userSchema = z.looseObject({
  id: z.string(),
  email: maybeString,
  username: maybeString,
  firstName: maybeString,
  lastName: maybeString,
  role: z.optional(z.nullable(openEnum(USER_ROLES))),
  status: z.optional(z.nullable(openEnum(USER_STATUSES))),
  isActive: maybeBoolean,
  lastLogin: maybeString,
  createdAt: maybeString,
  updatedAt: maybeString,
  timezone: maybeString,
});
export type User = z.infer<typeof userSchema>;

/** `PUT /auth/profile`'s answer: the flat user plus its home, licence and radius settings. */
export const profileSchema = z.extend(userSchema, {
  home_city: maybeString,
  home_state: maybeString,
  home_zip: maybeString,
  home_lat: maybeNumber,
  home_lng: maybeNumber,
  licensed_states: maybeList(z.string()),
  search_radius_miles: maybeNumber,
});
export type Profile = z.infer<typeof profileSchema>;

/** `"15m"` or seconds; see `durationMs`. */
const lifetime = z.optional(z.union([z.string(), z.number()]));

/** Requires the new user (its `id`); the rest is optional. */
export const registrationSchema = z.looseObject({
  user: userSchema,
  token: maybeString,
  /** `waitlisted` accounts reach only `/auth/*` (403 `ACCOUNT_NOT_ACTIVE` elsewhere). */
  status: z.optional(z.nullable(openEnum(USER_STATUSES))),
  redirect: maybeString,
});
/** Requires `accessToken`, the one thing a login is for; without `expiresIn` a token counts as 15 minutes. */
export const loginSchema = z.looseObject({
  user: z.optional(userSchema),
  accessToken: z.string(),
  refreshToken: maybeString,
  expiresIn: lifetime,
  tokenType: maybeString,
});
/** Requires `accessToken`; the older backend sends the rotated refresh token only as a cookie. */
export const refreshSchema = z.looseObject({
  accessToken: z.string(),
  /** The rotated refresh token: the one sent is no longer valid. */
  refreshToken: maybeString,
  expiresIn: lifetime,
  refreshTokenExpiresIn: lifetime,
});
export const sessionSchema = z.looseObject({
  id: z.string(),
  createdAt: maybeString,
  expiresAt: maybeString,
  ipAddress: maybeString,
  userAgent: maybeString,
  deviceInfo: z.unknown(),
  isCurrent: maybeBoolean,
});
export type Session = z.infer<typeof sessionSchema>;

export interface RegisterInput {
  email: string;
  /** `^[A-Za-z0-9_]+$`. */
  username: string;
  /** At least 8 characters, one uppercase letter and one digit. */
  password: string;
  firstName: string;
  lastName: string;
  role?: "agent" | "broker" | "lender" | "vendor";
  emailKind?: "personal" | "work" | "offers";
  phone?: string;
  smsConsent?: boolean;
}

export interface ProfileInput {
  firstName?: string;
  lastName?: string;
  timezone?: string;
  /** Needs `currentPassword`. */
  newPassword?: string;
  currentPassword?: string;
  homeCity?: string;
  homeState?: string;
  homeZip?: string;
  homeLat?: number;
  homeLng?: number;
  licensedStates?: string[];
  searchRadiusMiles?: number;
}

const userData = z.looseObject({ user: userSchema });
const sessionList = z.looseObject({ sessions: z.array(sessionSchema) });
const noData = z.optional(z.unknown());
const topMessage = z.looseObject({ message: z.optional(z.string()) });

/**
 * Authentication (spec §2.3). Workers normally let the client's session log in
 * and refresh; these are for account tooling and for apps holding their own tokens.
 */
export function authApi(t: Transport) {
  const send = async <S extends z.ZodMiniType>(
    method: "GET" | "POST" | "PUT",
    path: string,
    auth: AuthMode,
    data: S,
    body?: unknown,
  ) => t.request({ method, path, auth, data, body });
  /** `{success, message}` answers: the message is all there is. */
  const message = async (path: string, auth: AuthMode, body?: unknown) => {
    const r = await send("POST", path, auth, noData, body);
    return { message: parseResponse(topMessage, r, `POST ${path}`).message };
  };
  return {
    /** Public. 409 `USER_EXISTS` for a taken email or username. */
    register: async (body: RegisterInput) =>
      (await send("POST", "/auth/register", "none", registrationSchema, body)).data,
    /** Public; `email` may also be a username. 401 `INVALID_CREDENTIALS`, 423 `ACCOUNT_LOCKED`. */
    login: async (body: { email: string; password: string }) =>
      (await send("POST", "/auth/login", "none", loginSchema, body)).data,
    /** Public; rotates the refresh token. 401 `INVALID_REFRESH_TOKEN` when it is unknown, rotated or expired. */
    refresh: async (refreshToken: string) =>
      (await send("POST", "/auth/refresh", "none", refreshSchema, { refreshToken })).data,
    /** Public; revokes the refresh token if found. Always succeeds; the answer has no `data`. */
    logout: (refreshToken?: string) => message("/auth/logout", "none", { refreshToken }),
    /** The caller's user, if the token is valid. */
    verify: async () => (await send("GET", "/auth/verify", "jwt", userData)).data.user,
    profile: async () => (await send("GET", "/auth/profile", "jwt", userData)).data.user,
    /** 400 `NO_UPDATES`, `MISSING_CURRENT_PASSWORD`, `INVALID_CURRENT_PASSWORD`. */
    updateProfile: async (body: ProfileInput) => (await send("PUT", "/auth/profile", "jwt", profileSchema, body)).data,
    /** Revokes every refresh token of the user; access tokens live until they expire. */
    logoutAll: () => message("/auth/logout-all", "jwt"),
    /** The user's live sessions; `isCurrent` marks the caller's. */
    sessions: async () => (await send("GET", "/auth/sessions", "jwt", sessionList)).data.sessions,
  };
}

export type AuthApi = ReturnType<typeof authApi>;
