import { appendEvent } from "../event-log/append";
import { eventSpec, projectData } from "../event-log/catalog";
import type { VerifiedWebhook } from "./verify-webhook";

export type IngestOutcome =
  | { status: "logged"; cursor: number }
  | { status: "duplicate" }
  /** An event the log does not keep (deletes, archives, webhook.test): acknowledged so it is not retried. */
  | { status: "ignored" };

/** Puts a verified webhook in the event log (once), and remembers the team it came from. */
export async function ingestWebhook(db: D1Database, hook: VerifiedWebhook, nowMs: number): Promise<IngestOutcome> {
  if (hook.teamId) {
    await db
      .prepare(
        "INSERT INTO facts (key, value, updated_at_ms) VALUES ('team_id', ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms",
      )
      .bind(hook.teamId, nowMs)
      .run();
  }
  const spec = eventSpec(hook.event);
  const recordId = hook.data.id;
  if (!spec || typeof recordId !== "string" || recordId === "") return { status: "ignored" };
  const appended = await appendEvent(
    db,
    {
      spec,
      recordId,
      occurredAtMs: hook.timestampMs,
      data: projectData(spec, hook.data),
      origin: "webhook",
      bodyHash: hook.bodyHash,
    },
    nowMs,
  );
  return appended ? { status: "logged", cursor: appended.cursor } : { status: "duplicate" };
}
