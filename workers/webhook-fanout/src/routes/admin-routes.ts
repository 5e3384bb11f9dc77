import { AppError, successEnvelope } from "@actuallycare/shared/app-error";
import { operatorAuth } from "@actuallycare/shared/worker/operator-auth";
import { readCappedBody } from "@actuallycare/shared/worker/read-capped-body";
import * as z from "@actuallycare/shared/zod";
import { Hono } from "hono/tiny";
import { configFrom, type Destination } from "../config/env";
import { listAttempts, listDeliveries } from "../delivery/delivery-log";
import { allDestinationStates, destinationState, enable } from "../delivery/destination-state";
import type { DeliveryMessage } from "../delivery/message";
import { replayOne, replayRange, requeueParked } from "../delivery/replay";

type AppEnv = { Bindings: Env };

const listQuery = z.object({
  event: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/, "Expected an event id (64 hex)"))),
  destination: z.optional(z.string().check(z.maxLength(63))),
  failed: z.optional(z.enum(["true", "false"])),
  limit: z._default(
    z.pipe(
      z.string().check(z.regex(/^\d+$/)),
      z.pipe(z.transform(Number), z.int().check(z.minimum(1), z.maximum(500))),
    ),
    100,
  ),
});

const isoTime = z
  .string()
  .check(
    z.refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), "Expected an ISO-8601 date-time"),
  );
const rangeBody = z.object({ from: isoTime, to: isoTime });

function invalid(error: z.core.$ZodError): AppError {
  const details = error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message }));
  return new AppError(400, "VALIDATION_ERROR", "Invalid request data", details);
}

/**
 * The operator API under `/admin` (`Authorization: Bearer <OPERATOR_TOKEN>`): the delivery log, replay of one
 * event or a time range to a destination, and destinations with their run-time state and re-enable.
 */
export function adminRoutes(now: () => number): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.use(
    "*",
    operatorAuth((env: Env) => configFrom(env).operatorToken),
  );

  const filter = (query: Record<string, string>) => {
    const q = z.safeParse(listQuery, query);
    if (!q.success) throw invalid(q.error);
    return {
      eventId: q.data.event,
      destinationId: q.data.destination,
      failed: q.data.failed === "true",
      limit: q.data.limit,
    };
  };
  r.get("/deliveries", async (c) =>
    c.json(successEnvelope({ deliveries: await listDeliveries(c.env.FANOUT_DB, filter(c.req.query())) }, now())),
  );
  r.get("/attempts", async (c) =>
    c.json(successEnvelope({ attempts: await listAttempts(c.env.FANOUT_DB, filter(c.req.query())) }, now())),
  );

  const destinationOf = (env: Env, id: string): Destination => {
    const d = configFrom(env).destinations.find((x) => x.id === id);
    if (!d) throw new AppError(404, "NOT_FOUND", "No destination with this id");
    return d;
  };
  const usable = async (env: Env, id: string) => {
    const d = destinationOf(env, id);
    const state = await destinationState(env.FANOUT_DB, id);
    if (state.disabledAtMs !== null) {
      throw new AppError(409, "DESTINATION_DISABLED", "The destination is disabled; re-enable it first", {
        reason: state.disabledReason,
      });
    }
    return d;
  };
  const queue = (env: Env) => env.DELIVERIES as Queue<DeliveryMessage>;

  r.get("/destinations", async (c) => {
    const states = await allDestinationStates(c.env.FANOUT_DB);
    const destinations = configFrom(c.env).destinations.map((d) => {
      const s = states.get(d.id);
      return {
        id: d.id,
        type: d.type,
        events: d.events,
        conditions: d.conditions,
        enabled: d.enabled,
        disabled: s?.disabledAtMs != null,
        disabledAt: s?.disabledAtMs != null ? new Date(s.disabledAtMs).toISOString() : null,
        disabledReason: s?.disabledReason ?? null,
        failureStreak: s?.failureStreak ?? 0,
      };
    });
    return c.json(successEnvelope({ destinations }, now()));
  });

  r.post("/destinations/:id/enable", async (c) => {
    const d = destinationOf(c.env, c.req.param("id"));
    const wasDisabled = await enable(c.env.FANOUT_DB, d.id, now());
    const requeued = wasDisabled ? await requeueParked(c.env.FANOUT_DB, queue(c.env), d.id, now()) : 0;
    return c.json(successEnvelope({ id: d.id, wasDisabled, requeued }, now()));
  });

  r.post("/deliveries/:eventId/:destinationId/replay", async (c) => {
    const d = await usable(c.env, c.req.param("destinationId"));
    const eventId = c.req.param("eventId");
    if (!(await replayOne(c.env.FANOUT_DB, queue(c.env), eventId, d, now()))) {
      throw new AppError(404, "NOT_FOUND", "No stored event with this id");
    }
    return c.json(successEnvelope({ eventId, destinationId: d.id, queued: 1 }, now()), 202);
  });

  r.post("/destinations/:id/replay", async (c) => {
    const d = await usable(c.env, c.req.param("id"));
    // Read within a cap like every other body (a replay range is a few dozen bytes); malformed JSON is invalid.
    const text = new TextDecoder().decode(await readCappedBody(c.req.raw, 4096, "A replay range is at most 4 KB"));
    const body = z.safeParse(rangeBody, parseOrNull(text));
    if (!body.success) throw invalid(body.error);
    const from = Date.parse(body.data.from);
    const to = Date.parse(body.data.to);
    if (to <= from)
      throw new AppError(400, "VALIDATION_ERROR", "Invalid request data", [
        { field: "to", message: "Must be after from" },
      ]);
    const queued = await replayRange(c.env.FANOUT_DB, queue(c.env), d, from, to, now());
    return c.json(successEnvelope({ destinationId: d.id, queued }, now()), 202);
  });
  return r;
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
