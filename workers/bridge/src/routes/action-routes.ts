import { AppError } from "@actuallycare/shared/app-error";
import { Hono } from "hono";
import { ACTION_INPUTS } from "../actions/action-schemas";
import { isActionName, runAction, withoutBlanks } from "../actions/run-action";
import { bridgeTransport } from "../api/api-client";
import type { AppEnv } from "../app-env";
import { tokenAuth } from "../auth/token-auth";
import { readJsonObject } from "./json-body";
import { parseInput } from "./validate";

/** `POST /actions/{name}`: one write through the shared client, answering the API's full object. */
export function actionRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.post("/actions/:name", tokenAuth("write"), async (c) => {
    const name = c.req.param("name");
    if (!isActionName(name)) throw new AppError(404, "UNKNOWN_ACTION", "No such action", { action: name });
    const input = parseInput(ACTION_INPUTS[name], withoutBlanks(await readJsonObject(c.req.raw)));
    const transport = await bridgeTransport(c.env, c.var.config, c.var.now, { priority: "interactive" });
    const created = name.startsWith("create_");
    return c.json((await runAction(transport, name, input, c.var.now)) as object, created ? 201 : 200);
  });
  return r;
}
