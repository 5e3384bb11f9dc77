import { AppError } from "@actuallycare/shared/app-error";
import { SubrequestBudget } from "@actuallycare/shared/client/subrequest-budget";
import { Hono } from "hono";
import { bridgeTransport } from "../api/api-client";
import { apiFailure } from "../api/api-failure";
import type { AppEnv } from "../app-env";
import { tokenAuth } from "../auth/token-auth";
import { runSearch } from "../searches/run-search";
import { isSearchName, SEARCH_QUERIES } from "../searches/search-specs";
import { parseInput } from "./validate";

/** Calls one search may spend: a login, a log lookup's reads, or a bounded scan. */
const SEARCH_BUDGET = 12;

/** `GET /searches/{name}?…`: an array of full records, empty when nothing matches. */
export function searchRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.get("/searches/:name", tokenAuth("read"), async (c) => {
    const name = c.req.param("name");
    if (!isSearchName(name)) throw new AppError(404, "UNKNOWN_SEARCH", "No such search", { search: name });
    const query = parseInput(SEARCH_QUERIES[name], c.req.query(), "query");
    const transport = await bridgeTransport(c.env, c.var.config, c.var.now, {
      priority: "bulk",
      budget: new SubrequestBudget(SEARCH_BUDGET),
      // A person is waiting: the shared backoff and the bulk reserve still hold, but calls are not spread out.
      pace: false,
    });
    const answer = await runSearch({ transport, db: c.env.BRIDGE_DB }, name, query).catch((err) =>
      apiFailure(err, c.var.now()),
    );
    c.header("X-Bridge-Search", answer.method);
    return c.json(answer.records);
  });
  return r;
}
