// What local runs (npm start, the tests, the config check) read in Node: the
// sandbox's fixture key, and a worker's vars as wrangler itself reads them.
import { createHash } from "node:crypto";
import { unstable_readConfig } from "wrangler";

/** The sandbox's full-access fixture key (sandbox/README.md, Appendix A): a published test value, not a secret. */
export const SANDBOX_FIXTURE_KEY = createHash("sha256").update("actuallycare-sandbox:full-access").digest("hex");

/**
 * The `[vars]` of a wrangler config, parsed by wrangler (so TOML quirks are its problem, not a regex's).
 * @param {string} configPath
 * @returns {Record<string, unknown>}
 */
export function varsOf(configPath) {
  return unstable_readConfig({ config: configPath }, { hideWarnings: true }).vars ?? {};
}
