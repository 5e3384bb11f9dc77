import { createLogger } from "@actuallycare/shared/worker/log";

/**
 * The worker's one logger: a JSON line per event (`digest.sent`, `digest.retry`, `http.request` …). Lines name an
 * occurrence by its key (a hash), never by the recipient's address or name.
 */
export const log = createLogger("escrow-digest");
