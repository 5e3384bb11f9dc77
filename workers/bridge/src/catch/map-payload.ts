import * as z from "@actuallycare/shared/zod";
import { ACTION_INPUTS } from "../actions/action-schemas";
import type { FieldRule, Recipe } from "../config/recipes";
import { applyTransform } from "./transforms";

export interface MappingProblem {
  /** The action's input field. */
  field: string;
  message: string;
  /** The payload path(s) the recipe reads it from. */
  from?: string[];
}

export type Mapped = { ok: true; input: Record<string, unknown> } | { ok: false; problems: MappingProblem[] };

/**
 * A value at a dotted path of the payload (`contact.email`, `answers.2.text`), reading own properties only: a
 * payload's `__proto__` or `constructor` keys are plain data here, never a way into an object's prototype.
 */
export function valueAt(payload: unknown, path: string): unknown {
  let current: unknown = payload;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === "string" && v.trim() === "");
const fromPaths = (rule: FieldRule) =>
  rule.from === undefined ? [] : Array.isArray(rule.from) ? rule.from : [rule.from];

/**
 * Maps a payload onto the recipe's action: each field from the first of its paths that has a value (else its
 * constant), through its transforms, then validated with the action's own input schema. Every problem is named by
 * the action field and the payload path it came from.
 */
export function mapPayload(recipe: Recipe, payload: unknown): Mapped {
  const input: Record<string, unknown> = {};
  const problems: MappingProblem[] = [];
  for (const [fieldName, rule] of Object.entries(recipe.fields)) {
    const paths = fromPaths(rule);
    let value = paths.map((p) => valueAt(payload, p)).find(present);
    if (!present(value)) value = rule.const;
    if (!present(value)) continue;
    const transforms =
      rule.transform === undefined ? [] : Array.isArray(rule.transform) ? rule.transform : [rule.transform];
    let failed = false;
    for (const t of transforms) {
      const r = applyTransform(t, value);
      if (!r.ok) {
        problems.push({ field: fieldName, message: r.message, ...(paths.length ? { from: paths } : {}) });
        failed = true;
        break;
      }
      value = r.value;
    }
    if (!failed && present(value)) input[fieldName] = value;
  }
  const schema = ACTION_INPUTS[recipe.action];
  const result = z.safeParse(schema, input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const fieldName = String(issue.path[0] ?? "body");
      if (problems.some((p) => p.field === fieldName)) continue;
      const rule = recipe.fields[fieldName];
      const message = rule
        ? input[fieldName] === undefined
          ? "Missing from the payload"
          : issue.message
        : "Required, and the recipe does not map it";
      problems.push({
        field: fieldName,
        message,
        ...(rule && fromPaths(rule).length ? { from: fromPaths(rule) } : {}),
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, input: result.success ? (result.data as Record<string, unknown>) : input };
}
