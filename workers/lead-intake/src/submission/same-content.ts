/**
 * What "the same submission" means when a submission id comes back: the same value in every field the lead is
 * built from, after validation and normalisation (trimmed, email lower-cased, budget as a number, empty fields
 * absent, a ticked consent as `true` however it was sent). The submission id itself and the start token are not
 * content. Returned as canonical JSON (keys sorted), so two submissions are the same exactly when these are equal.
 */
export function contentKey(submission: Record<string, unknown>): string {
  const fields: Array<[string, unknown]> = [];
  for (const [name, value] of Object.entries(submission)) {
    if (name === "submission_id" || name === "started_at" || value === undefined || value === null) continue;
    if (name === "consent") {
      if (value !== false) fields.push([name, true]);
      continue;
    }
    fields.push([name, value]);
  }
  fields.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(fields);
}
