import type { AcceptedSubmission } from "../submission/to-lead";
import type { Outcome } from "./deliver-submission";

type Message = globalThis.Message<AcceptedSubmission>;

/** Waiting for the API's "later" costs no retry for this long after acceptance; after it, waits count as failures. */
export const REQUEUE_FOR_MS = 24 * 3_600_000;

/**
 * Delivers a batch's messages one by one and settles each: ack, retry after a delay, or (when the API asked to
 * wait) ack and send it again as a new message (`requeue`), which spends none of its `max_retries`. Once the API or
 * the subrequest budget holds the batch back, the messages left are not tried: each waits the same delay (a young
 * one requeued, one accepted over a day ago retried), so a storm of 429s costs one probe per batch.
 */
export async function settleBatch(
  messages: readonly Message[],
  deliver: (msg: Message) => Promise<Outcome>,
  queue: Queue<AcceptedSubmission>,
  now: () => number,
): Promise<void> {
  let held: number | null = null;
  for (const msg of messages) {
    const outcome: Outcome = held === null ? await deliver(msg) : { ack: false, retryInSeconds: held, requeue: true };
    if (outcome.ack) {
      msg.ack();
      continue;
    }
    if (outcome.holdBatch) held = outcome.retryInSeconds;
    const young = now() - Date.parse(String(msg.body?.acceptedAt)) < REQUEUE_FOR_MS;
    if (outcome.requeue && young && (await requeue(queue, msg.body, outcome.retryInSeconds))) msg.ack();
    else msg.retry({ delaySeconds: outcome.retryInSeconds });
  }
}

/** Sends the message again, after `delaySeconds`; false if the queue refused (then it is retried, never lost). */
async function requeue(queue: Queue<AcceptedSubmission>, body: AcceptedSubmission, delaySeconds: number) {
  try {
    await queue.send(body, { contentType: "json", delaySeconds });
    return true;
  } catch {
    return false;
  }
}
