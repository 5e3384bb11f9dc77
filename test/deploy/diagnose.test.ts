import { describe, expect, it } from "vitest";
import { diagnose } from "../../scripts/deploy/diagnose.ts";

const ctx = { worker: "webhook-fanout", command: "npx wrangler queues create fanout-events" };

// Wrangler's and the Cloudflare API's own words, as users reported them (workers-sdk issues #10981, #11210, #12438,
// #13242) or as wrangler 4.164 writes them (its source).
const SAMPLES = {
  login: [
    "✘ [ERROR] In a non-interactive environment, it's necessary to set a CLOUDFLARE_API_TOKEN environment variable for wrangler to work.",
    "✘ [ERROR] A request to the Cloudflare API (/memberships) failed.\n\n  Authentication error [code: 10000]",
  ],
  plan: [
    "✘ [ERROR] A request to the Cloudflare API (/accounts/665434b9/queues) failed.\n\n  Queues are unavailable on the free plan. Please upgrade to a Workers Paid plan to create and use\n  Queues: https://dash.cloudflare.com/665434b9/workers/plans [code: 100129]",
    "X [ERROR] A request to the Cloudflare API (/accounts/a114f901/workers/scripts/x) failed.\n\n  In order to use Queues, you must enable your account at\n  https://dash.cloudflare.com/a114f901/workers/queues.\n  [code: 11002]",
    "✘ [ERROR] A request to the Cloudflare API (/accounts/xxx/workers/queues) failed.\n\n  workers.api.error.not_entitled [code: 10015]",
  ],
  "name-taken": [
    "Queue name 'fanout-events' is already taken. Please use a different name and try again. [code: 11009]",
    "✘ [ERROR] A database with that name already exists",
    '✘ [ERROR] A KV namespace with the title "actuallycare-shared" already exists.',
  ],
  account: [
    "✘ [ERROR] More than one account available but unable to select one in non-interactive mode.\nPlease set the appropriate account ID in your Wrangler configuration file or assign it to the `CLOUDFLARE_ACCOUNT_ID` environment variable.",
  ],
  limit: ["✘ [ERROR] You have reached the maximum number of D1 databases for your account."],
  subdomain: ["✘ [ERROR] You need to register a workers.dev subdomain before publishing to workers.dev"],
  secrets: ["✘ [ERROR] The following required secrets have not been set: ACTUALLYCARE_API_KEY, OPERATOR_TOKEN"],
} as const;

describe("wrangler's usual failures", () => {
  for (const [kind, samples] of Object.entries(SAMPLES)) {
    it(`recognises ${kind}, with a fix`, () => {
      for (const sample of samples) {
        const problem = diagnose(sample, ctx);
        expect(problem?.kind).toBe(kind);
        expect(problem?.fix.length).toBeGreaterThan(20);
      }
    });
  }

  it("names what was taken and says to re-run this connector's deploy", () => {
    const p = diagnose(SAMPLES["name-taken"][0], ctx);
    expect(p?.message).toMatch(/^A resource named fanout-events already exists/);
    expect(p?.fix).toMatch(/npm run deploy -- webhook-fanout/);
    expect(diagnose(SAMPLES.secrets[0], ctx)?.message).toMatch(/ACTUALLYCARE_API_KEY, OPERATOR_TOKEN/);
  });

  it("leaves anything else to wrangler's own message", () => {
    expect(diagnose("✘ [ERROR] Build failed with 1 error: src/index.ts:3:7: ERROR: Unexpected", ctx)).toBeNull();
  });
});
