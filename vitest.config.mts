import { spawnSync } from "node:child_process";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { SANDBOX_FIXTURE_KEY, varsOf } from "./scripts/local-fixtures.mjs";
import { fakeNetworkEdge, TEST_TURNSTILE_SECRET } from "./test/global/fake-siteverify";

/** One Vitest project per worker, each running inside workerd with that worker's own wrangler.toml. */
const worker = (name: string, configPath: string) => ({
  plugins: [cloudflareTest({ wrangler: { configPath } })],
  test: {
    name,
    include: [`test/${name}/**/*.test.ts`],
    globalSetup: ["test/global/capture-server.ts"],
  },
});

/** Code in shared/ is tested in workerd too, with no worker of its own. */
const shared = {
  plugins: [
    cloudflareTest({
      miniflare: { compatibilityDate: "2026-11-01", compatibilityFlags: ["nodejs_compat"], kvNamespaces: ["TEST_KV"] },
    }),
  ],
  test: { name: "shared", include: ["test/shared/**/*.test.ts"] },
};

/**
 * The typed client against the sandbox: the playground's config (so `SELF` is the sandbox) plus a KV namespace
 * for the client's token cache and cool-down markers; the plugin merges `miniflare` options into the wrangler ones.
 */
const client = {
  plugins: [
    cloudflareTest({ wrangler: { configPath: "./wrangler.toml" }, miniflare: { kvNamespaces: ["CLIENT_KV"] } }),
  ],
  test: { name: "client", include: ["test/client/**/*.test.ts"], globalSetup: ["test/global/capture-server.ts"] },
};

/**
 * Connector tests reach the sandbox the way production reaches the API: over a
 * service binding (`ACTUALLYCARE_API`) to the playground, bundled here by
 * wrangler itself and run as an auxiliary worker beside the connector.
 */
function bundlePlayground(): string {
  const outdir = ".wrangler/test-playground";
  const r = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir, "-c", "wrangler.toml"], {
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (r.status !== 0) throw new Error(`bundling the playground failed:\n${r.stdout}\n${r.stderr}`);
  return `${outdir}/index.js`;
}

/**
 * The lead-intake tests' forms: the shipped ones (read from wrangler.toml, so the demo form is tested as shipped)
 * plus a seller form with consent and a thank-you URL, and a form with Turnstile on.
 */
function leadIntakeForms(): string {
  const shipped = JSON.parse(String(varsOf("workers/lead-intake/wrangler.toml").FORMS));
  return JSON.stringify([
    ...shipped,
    {
      id: "valuation",
      intent: "seller",
      source: "Valuation Form",
      allowedOrigins: ["https://agent.example.com"],
      thankYouUrl: "https://agent.example.com/thanks",
      consentText: "I agree to be contacted about my home by phone, text and email.",
      dedupeWindowHours: 0,
    },
    {
      id: "protected",
      intent: "property",
      allowedOrigins: ["http://localhost:8787"],
      turnstileSiteKey: "1x00000000000000000000AA",
    },
  ]);
}

const connector = async (name: string) => ({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: `./workers/${name}/wrangler.toml` },
      miniflare: {
        bindings: {
          // The sandbox's fixture key and a test operator token: sandbox credentials, never real ones.
          ACTUALLYCARE_API_KEY: SANDBOX_FIXTURE_KEY,
          OPERATOR_TOKEN: "test-operator-token-0123456789",
          ACTUALLYCARE_BASE_URL: "http://sandbox.internal/v1",
          TEST_MIGRATIONS: await readD1Migrations(`./workers/${name}/migrations`),
          ...(name === "lead-intake"
            ? {
                FORMS: leadIntakeForms(),
                TURNSTILE_SECRET_KEY: TEST_TURNSTILE_SECRET,
                FORM_SIGNING_SECRET: "test-form-signing-secret-0123456789abcdef",
              }
            : {}),
        },
        outboundService: fakeNetworkEdge,
        serviceBindings: { ACTUALLYCARE_API: "playground" },
        workers: [
          {
            name: "playground",
            modules: true,
            scriptPath: bundlePlayground(),
            compatibilityDate: "2026-11-01",
            compatibilityFlags: ["nodejs_compat"],
            durableObjects: { SANDBOX: { className: "SandboxApi", useSQLite: true } },
            bindings: { WEBHOOK_RETRY_SCALE: "1", SIGNUP_STATUS: "waitlisted" },
          },
        ],
      },
    }),
  ],
  test: {
    name,
    include: [`test/${name}/**/*.test.ts`],
    globalSetup: ["test/global/capture-server.ts"],
    setupFiles: [`test/${name}/apply-migrations.ts`],
  },
});

/**
 * A real browser against real `wrangler dev` processes, in Node: the demo agent site embeds the form from the
 * lead-intake worker, a person fills it in, the lead appears in the sandbox (test/browser/global-setup.ts).
 */
const browser = {
  test: {
    name: "browser",
    include: ["test/browser/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/browser/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
};

export default defineConfig({
  test: {
    projects: [
      shared,
      worker("sandbox", "./wrangler.toml"),
      client,
      await connector("lead-intake"),
      ...["bridge", "escrow-digest", "webhook-fanout"].map((n) => worker(n, `./workers/${n}/wrangler.toml`)),
      browser,
    ],
  },
});
