import { AppError, successEnvelope } from "@actuallycare/shared/app-error";
import { refusalError, verifyActuallyCareWebhook } from "@actuallycare/shared/webhooks/actuallycare";
import type { Logger } from "@actuallycare/shared/worker/log";
import { readCappedBody } from "@actuallycare/shared/worker/read-capped-body";
import { Hono } from "hono/tiny";
import { configFrom } from "../config/env";
import type { DeliveryMessage } from "../delivery/message";
import { acceptEvent } from "../ingest/accept-event";

type AppEnv = { Bindings: Env };

const isJson = (contentType: string | undefined) =>
  /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType?.trim() ?? "");

/**
 * `POST /ingest`, the URL registered with ActuallyCare. The signature is
 * checked over the raw bytes before anything is parsed; a refused request
 * stores nothing and logs nothing of its body. A 2xx means the event is in D1
 * and its delivery messages are on the queue; no destination is called here.
 */
export function ingestRoutes(now: () => number, log: Logger): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.post("/ingest", async (c) => {
    const config = configFrom(c.env);
    if (!isJson(c.req.header("Content-Type"))) {
      throw new AppError(415, "UNSUPPORTED_MEDIA_TYPE", "ActuallyCare webhooks are application/json");
    }
    const raw = await readCappedBody(
      c.req.raw,
      config.settings.maxBodyBytes,
      `The body exceeds ${config.settings.maxBodyBytes} bytes`,
    );
    const verified = await verifyActuallyCareWebhook(raw, c.req.raw.headers, {
      secrets: config.webhookSecrets,
      now: now(),
      maxAgeMs: config.settings.maxAgeMs,
      maxFutureMs: config.settings.maxFutureMs,
    });
    if (!verified.ok) throw refusalError(verified.refusal);
    try {
      const accepted = await acceptEvent(
        {
          db: c.env.FANOUT_DB,
          queue: c.env.DELIVERIES as Queue<DeliveryMessage>,
          destinations: config.destinations,
          now,
        },
        verified.event,
        new TextDecoder().decode(raw),
      );
      // The event's id and name (`lead.created`), never its data: the payload is a person's.
      log.info("ingest.accepted", {
        eventId: accepted.eventId,
        eventName: verified.event.name,
        duplicate: accepted.duplicate,
        destinations: accepted.destinations.length,
        outcome: accepted.duplicate ? "duplicate" : "ok",
      });
      return c.json(successEnvelope(accepted, now()), 200);
    } catch (err) {
      // Not stored or not queued: a non-2xx makes ActuallyCare retry, and the retry finishes the job.
      const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw new AppError(503, "TEMPORARILY_UNAVAILABLE", "Could not store the event; retry", undefined, detail, 5);
    }
  });
  r.all("/ingest", (c) => {
    c.header("Allow", "POST");
    throw new AppError(405, "METHOD_NOT_ALLOWED", "Use POST");
  });
  return r;
}
