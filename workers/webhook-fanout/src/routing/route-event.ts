import type { Condition, DestinationConfig } from "../config/destinations";

const compiled = new Map<string, RegExp>();

/** `*` stands for any run of characters (dots included); everything else matches itself. */
export function eventMatches(pattern: string, name: string): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*")) return pattern === name;
  let re = compiled.get(pattern);
  if (!re) {
    const source = pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    re = new RegExp(`^${source}$`);
    if (compiled.size < 1000) compiled.set(pattern, re);
  }
  return re.test(name);
}

/** The value at a dotted path of `data`, or undefined. */
export function valueAt(data: unknown, path: string): unknown {
  let value: unknown = data;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Whether one condition holds for the event's `data` (a missing field satisfies none, `equals: null` excepted). */
export function conditionHolds(condition: Condition, data: unknown): boolean {
  const value = valueAt(data, condition.field);
  if ("equals" in condition) return (value === undefined ? null : value) === condition.equals;
  if ("oneOf" in condition) return condition.oneOf.some((v) => v === value);
  const needle = condition.contains.toLowerCase();
  if (typeof value === "string") return value.toLowerCase().includes(needle);
  if (Array.isArray(value)) return value.some((v) => typeof v === "string" && v.toLowerCase() === needle);
  return false;
}

/**
 * The destinations one event goes to, in configuration order: enabled in the
 * config, an event filter matching its name, and every `data` condition holding.
 * A destination disabled at run time (410, failure streak) is still matched
 * here; the delivery side parks its messages until it is re-enabled.
 */
export function routeEvent(
  event: { name: string; data: unknown },
  destinations: readonly DestinationConfig[],
): DestinationConfig[] {
  return destinations.filter(
    (d) =>
      d.enabled &&
      d.events.some((p) => eventMatches(p, event.name)) &&
      d.conditions.every((c) => conditionHolds(c, event.data)),
  );
}
