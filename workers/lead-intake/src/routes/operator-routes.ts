import { successEnvelope } from "@actuallycare/shared/app-error";
import { operatorAuth } from "@actuallycare/shared/worker/operator-auth";
import { Hono } from "hono/tiny";
import { configFrom } from "../config/env";
import { listDeadLetters, redeliver } from "../delivery/dead-letters";
import type { AcceptedSubmission } from "../submission/to-lead";

type AppEnv = { Bindings: Env };

/** Dead letters for an operator: `Authorization: Bearer <OPERATOR_TOKEN>` (a Worker secret). */
export function operatorRoutes(now: () => number = Date.now): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.use(
    "*",
    operatorAuth((env: Env) => configFrom(env).operatorToken),
  );
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
