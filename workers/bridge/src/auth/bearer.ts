import { AppError } from "@actuallycare/shared/app-error";
import { timingSafeEqual } from "@actuallycare/shared/timing-safe-equal";
import type { BridgeToken, Scope } from "../config/tokens";

/**
 * The token a request carries (`Authorization: Bearer <token>`), or 401. Every configured token is compared, in
 * constant time, so neither a match's position nor a near miss shows in the timing.
 */
export function authenticate(header: string | undefined, tokens: readonly BridgeToken[]): BridgeToken {
  // The scheme is case-insensitive (RFC 7235).
  const presented = /^Bearer +(\S+) *$/i.exec(header ?? "")?.[1];
  if (!presented) throw new AppError(401, "UNAUTHORIZED", "A bridge token is required (Authorization: Bearer <token>)");
  let found: BridgeToken | null = null;
  for (const t of tokens) if (timingSafeEqual(presented, t.token) && !found) found = t;
  if (!found) throw new AppError(401, "INVALID_TOKEN", "This bridge token is not valid");
  return found;
}

/** 403 unless the token has the scope. */
export function requireScope(token: BridgeToken, scope: Scope): void {
  if (!token.scopes.includes(scope)) {
    throw new AppError(403, "INSUFFICIENT_SCOPE", `This bridge token lacks the "${scope}" scope`, {
      required_scope: scope,
    });
  }
}
