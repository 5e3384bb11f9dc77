import { createLogger } from "@actuallycare/shared/worker/log";

/**
 * The worker's one logger: a JSON line per event (`ingest.accepted`, `delivery.sent`, `delivery.retry`,
 * `http.request` …). Lines name a delivery by event and destination id, never by the destination's URL (Slack's,
 * Discord's and Teams' embed a token) or anything from the event's payload.
 */
export const log = createLogger("webhook-fanout");
