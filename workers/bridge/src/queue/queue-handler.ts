import { escrowsApi } from "@actuallycare/shared/client/groups/escrows";
import { SubrequestBudget } from "@actuallycare/shared/client/subrequest-budget";
import { withFields } from "@actuallycare/shared/worker/log";
import { bridgeTransport } from "../api/api-client";
import { markCatchRunDead, runCatch } from "../catch/run-catch";
import { clockFor } from "../config/clock";
import { configFrom } from "../config/env";
import { deliverHook, type HookDeliveryDeps, markHookDeliveryDead } from "../hooks/deliver-hook";
import { log } from "../log";

export const QUEUES = {
  hookDeliveries: "bridge-hook-deliveries",
  hookDeadLetters: "bridge-hook-dead-letters",
  catchRuns: "bridge-catch-runs",
  catchDeadLetters: "bridge-catch-dead-letters",
} as const;

/** What the hook consumer needs beyond the bindings; tests replace `fetch` (the targets are theirs). */
export interface QueueOverrides {
  hookFetch?: (request: Request) => Promise<Response>;
}

/** The queue consumers: each message is acked or retried on its own. */
export async function handleQueue(
  batch: MessageBatch<unknown>,
  env: Env,
  overrides: QueueOverrides = {},
): Promise<void> {
  const config = configFrom(env);
  const now = await clockFor(env, config);
  if (batch.queue === QUEUES.hookDeadLetters) {
    for (const msg of batch.messages) {
      const marked = await markHookDeliveryDead(env.BRIDGE_DB, msg.body, now());
      log.warn("hook.dead", { messageId: msg.id, outcome: marked ? "dead" : "skipped" });
      msg.ack();
    }
    return;
  }
  if (batch.queue === QUEUES.hookDeliveries) {
    let escrows: ReturnType<typeof escrowsApi> | null = null;
    const deps: HookDeliveryDeps = {
      db: env.BRIDGE_DB,
      fetch: overrides.hookFetch ?? ((request) => fetch(request)),
      now,
      escrowClosingDate: async (id) => {
        escrows ??= escrowsApi(
          await bridgeTransport(env, config, now, {
            // Bulk (the reserve stays for interactive work) but unpaced: a consumer hands waits back to the queue.
            priority: "bulk",
            pace: false,
            forQueue: true,
            budget: new SubrequestBudget(batch.messages.length + 2),
          }),
        );
        return (await escrows.get(id)).closing_date;
      },
      log,
    };
    for (const msg of batch.messages) {
      const outcome = await deliverHook(
        { ...deps, log: withFields(log, { messageId: msg.id }) },
        msg.body,
        msg.attempts,
      );
      if (outcome.ack) msg.ack();
      else msg.retry({ delaySeconds: outcome.retryInSeconds });
    }
    return;
  }
  if (batch.queue === QUEUES.catchDeadLetters) {
    for (const msg of batch.messages) {
      const marked = await markCatchRunDead(env.BRIDGE_DB, msg.body, now());
      log.warn("catch.run_dead", { messageId: msg.id, outcome: marked ? "dead" : "skipped" });
      msg.ack();
    }
    return;
  }
  if (batch.queue === QUEUES.catchRuns) {
    let transport: Awaited<ReturnType<typeof bridgeTransport>> | null = null;
    const deps = {
      db: env.BRIDGE_DB,
      // A form submission is interactive work; two calls at most per run (find-or-create), plus a login.
      transport: async () =>
        (transport ??= await bridgeTransport(env, config, now, {
          priority: "interactive",
          forQueue: true,
          budget: new SubrequestBudget(2 * batch.messages.length + 2),
        })),
      now,
      log,
    };
    for (const msg of batch.messages) {
      const outcome = await runCatch({ ...deps, log: withFields(log, { messageId: msg.id }) }, msg.body, msg.attempts);
      if (outcome.ack) msg.ack();
      else msg.retry({ delaySeconds: outcome.retryInSeconds });
    }
    return;
  }
  log.warn("queue.unknown", { queue: batch.queue, messages: batch.messages.length, outcome: "retry" });
  batch.retryAll();
}
