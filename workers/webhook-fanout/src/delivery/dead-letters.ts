import * as z from "@actuallycare/shared/zod";
import type { DeliveryMessage } from "./message";
import { deliveryMessageSchema } from "./message";

/** A delivery given up on, as the dead-letter queue carries it. */
export type DeadLetter = DeliveryMessage & { reason: string };

/** Hands the message to the dead-letter queue, whose consumer marks it dead; if that fails, marks it here. */
export async function deadLetter(
  deps: { db: D1Database; deadLetters: Queue<DeadLetter>; now: () => number },
  msg: DeliveryMessage,
  reason: string,
): Promise<{ ack: true; state: "dead" }> {
  try {
    await deps.deadLetters.send({ ...msg, reason }, { contentType: "json" });
  } catch {
    await markDead(deps.db, { ...msg, reason }, deps.now());
  }
  return { ack: true, state: "dead" };
}

/** The dead-letter queue's consumer: the delivery becomes `dead`, listed for an operator to replay. */
export async function markDead(db: D1Database, body: unknown, nowMs: number): Promise<boolean> {
  const parsed = z.safeParse(z.extend(deliveryMessageSchema, { reason: z.optional(z.string()) }), body);
  if (!parsed.success) return false;
  const m = parsed.data;
  const row = await db
    .prepare(
      `UPDATE deliveries SET state = 'dead', last_error = coalesce(?, last_error, 'RETRIES_EXHAUSTED'),
         lease_until_ms = NULL, updated_at_ms = ?
       WHERE event_id = ? AND destination_id = ? AND generation = ? AND state = 'queued' RETURNING state`,
    )
    .bind(m.reason ?? null, nowMs, m.eventId, m.destinationId, m.generation)
    .first();
  return row !== null;
}
