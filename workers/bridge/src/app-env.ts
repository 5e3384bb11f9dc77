import type { Now } from "./config/clock";
import type { Config } from "./config/env";
import type { BridgeToken } from "./config/tokens";

/** What every route sees: the bindings, the parsed config, this invocation's clock and (once authenticated) the token. */
export type AppEnv = {
  Bindings: Env;
  Variables: { config: Config; now: Now; token: BridgeToken };
};
