import { AppError } from "@actuallycare/shared/app-error";
import { Hono } from "hono";
import { ACTION_INPUTS } from "../actions/action-schemas";
import { isActionName } from "../actions/run-action";
import type { AppEnv } from "../app-env";
import { tokenAuth } from "../auth/token-auth";
import { choicesOf } from "../fields/choices";
import { fieldsOf } from "../fields/fields-of";

/** `GET /fields/{action}` and `GET /choices/{name}`: generated from the schemas the actions validate with. */
export function metadataRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.get("/fields/:action", tokenAuth("read"), (c) => {
    const name = c.req.param("action");
    if (!isActionName(name)) throw new AppError(404, "UNKNOWN_ACTION", "No such action", { action: name });
    return c.json(fieldsOf(ACTION_INPUTS[name]));
  });
  r.get("/choices/:name", tokenAuth("read"), (c) => {
    const choices = choicesOf(c.req.param("name"));
    if (!choices) throw new AppError(404, "UNKNOWN_CHOICES", "No such list", { name: c.req.param("name") });
    return c.json(choices);
  });
  return r;
}
