import { AppError, successEnvelope } from "@actuallycare/shared/app-error";
import { timingSafeEqual } from "@actuallycare/shared/timing-safe-equal";
import { Hono } from "hono";
import { configFrom } from "../config/env";
import { listDeadLetters, redeliver } from "../delivery/dead-letters";
import type { AcceptedSubmission } from "../submission/to-lead";

type AppEnv = { Bindings: Env };

/** Dead letters for an operator: `Authorization: Bearer <OPERATOR_TOKEN>` (a Worker secret). */
export function operatorRoutes(now: () => number = Date.now): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.use("*", async (c, next) => {
    // The scheme is case-insensitive (RFC 7235); the token is compared in constant time.
    const token = /^Bearer +(\S+) *$/i.exec(c.req.header("Authorization") ?? "")?.[1] ?? "";
    if (!timingSafeEqual(token, configFrom(c.env).operatorToken)) {
      throw new AppError(401, "UNAUTHORIZED", "Operator token required");
    }
    await next();
  });
  r.get("/dead-letters", async (c) =>
    c.json(successEnvelope({ deadLetters: await listDeadLetters(c.env.LEAD_INTAKE_DB) }, now())),
  );
  r.post("/dead-letters/:id/redeliver", async (c) => {
    const id = c.req.param("id");
    await redeliver(
      c.env.LEAD_INTAKE_DB,
      c.env.SUBMISSIONS as Queue<AcceptedSubmission>,
      id,
      new Date(now()).toISOString(),
    );
    return c.json(successEnvelope({ id, state: "queued" }, now()), 202);
  });
  return r;
}
