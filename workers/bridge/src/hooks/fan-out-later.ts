import { log } from "../log";
import { fanOut, type HookMessage } from "./fan-out";

/** Queues an entry for its REST hooks; a failure is logged and left to the scheduled sweep (the entry is durable). */
export async function fanOutLater(env: Env, cursor: number, nowMs: number): Promise<void> {
  try {
    await fanOut(env.BRIDGE_DB, env.HOOK_DELIVERIES as Queue<HookMessage>, cursor, nowMs);
  } catch (err) {
    log.warn("hook.fan_out_failed", {
      cursor,
      errorName: err instanceof Error ? err.name : "error",
      outcome: "deferred",
    });
  }
}
