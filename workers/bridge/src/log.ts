import { createLogger } from "@actuallycare/shared/worker/log";

/**
 * The bridge's one logger: a JSON line per event (`hook.delivered`, `catch.run_failed`, `reconcile.pass`,
 * `http.request` …). Lines name a hook, a log entry (`cursor`) or a catch run by id, never by its target URL, a
 * bridge token, a recipe secret, or a field of the CRM record.
 */
export const log = createLogger("bridge");
