import * as z from "@actuallycare/shared/zod";

/** One queue message: one event for one destination, in one generation (a replay starts the next). */
export interface DeliveryMessage {
  eventId: string;
  destinationId: string;
  generation: number;
}

export const deliveryMessageSchema = z.object({
  eventId: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  destinationId: z.string().check(z.minLength(1), z.maxLength(63)),
  generation: z.int().check(z.minimum(0)),
});

/** Queues take at most 100 messages per sendBatch. */
const BATCH = 100;

/** Sends the messages in batches Queues accept. */
export async function sendAll(queue: Queue<DeliveryMessage>, messages: DeliveryMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += BATCH) {
    await queue.sendBatch(messages.slice(i, i + BATCH).map((body) => ({ body, contentType: "json" as const })));
  }
}
