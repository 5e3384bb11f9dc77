/** Candidates a log lookup reads fresh at most. */
const MAX_CANDIDATES = 5;

/**
 * The records whose logged events carried `field = value` (case-insensitive), most recent first: the bridge's own
 * index of what the API cannot look up. A candidate may have changed since; the caller reads it fresh.
 */
export async function recordIdsByField(
  db: D1Database,
  resource: string,
  field: string,
  value: string,
): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT record_id, max(cursor) AS latest FROM events
       WHERE resource = ? AND lower(json_extract(data, ?)) = lower(?)
       GROUP BY record_id ORDER BY latest DESC LIMIT ?`,
    )
    .bind(resource, `$.${field}`, value.trim(), MAX_CANDIDATES)
    .all<{ record_id: string }>();
  return results.map((r) => r.record_id);
}
