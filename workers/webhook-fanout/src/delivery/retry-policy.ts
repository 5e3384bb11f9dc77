import type { Settings } from "../config/env";

/**
 * Seconds before the next try after `failures` failed attempts: exponential
 * from the base (30 s, 1 min, 2 min … by default), capped (6 h by default, so
 * the default 12 attempts span about 14 hours), with equal jitter so a
 * destination that comes back is not hit by every retry at once.
 */
export function backoffSeconds(
  failures: number,
  settings: Pick<Settings, "baseDelaySeconds" | "maxDelaySeconds">,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(settings.maxDelaySeconds, settings.baseDelaySeconds * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
