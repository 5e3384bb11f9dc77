import * as z from "@actuallycare/shared/zod";

/** One queue message: one occurrence to deliver. */
export const digestMessageSchema = z.object({
  occurrence: z.string().check(z.minLength(1), z.maxLength(256)),
  recipient: z.email(),
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
});
export type DigestMessage = z.infer<typeof digestMessageSchema>;

/** A message and the delay before the queue hands it to a consumer. */
export interface Enqueued {
  body: DigestMessage;
  delaySeconds: number;
}

/** Queues take at most 100 messages per sendBatch call. */
export async function sendAll(queue: Queue<DigestMessage>, messages: readonly Enqueued[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 100) {
    await queue.sendBatch(messages.slice(i, i + 100).map((m) => ({ body: m.body, delaySeconds: m.delaySeconds })));
  }
}
