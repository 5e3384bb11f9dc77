import { spawnSync } from "node:child_process";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { SANDBOX_FIXTURE_KEY, varsOf } from "./scripts/local-fixtures.mjs";
import { BRIDGE_TEST_BINDINGS } from "./test/bridge/vitest-bindings";
import { fakeNetworkEdge, TEST_TURNSTILE_SECRET } from "./test/global/fake-siteverify";
import { zapierProject } from "./test/zapier/vitest-project";

/** One Vitest project per worker, each running inside workerd with that worker's own wrangler.toml. */
const worker = (name: string, configPath: string, miniflare = {}) => ({
  plugins: [cloudflareTest({ wrangler: { configPath }, miniflare })],
  test: {
    name,
    include: [`test/${name}/**/*.test.ts`],
    globalSetup: ["test/global/capture-server.ts"],
  },
});

/** The playground's view of webhook-fanout's log in the sandbox tests: a test token, no fan-out running. */
const SANDBOX_TEST_FANOUT = {
  FANOUT_ADMIN_URL: "http://127.0.0.1:9",
  FANOUT_OPERATOR_TOKEN: "test-playground-fanout-token-7c1d",
};

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

/** Test secrets and URLs for escrow-digest: the outbox stand-in as its email API (never a real key). */
const ESCROW_DIGEST_TEST_BINDINGS = {
  RESEND_API_KEY: "re_test_outbox_key",
  UNSUBSCRIBE_SECRET: "test-unsubscribe-secret-0123456789abcdef",
  EMAIL_API_URL: "http://outbox.internal/__outbox",
  PUBLIC_URL: "https://digest.example.com",
  // npm start's .dev.vars makes the worker follow the sandbox clock; tests drive time themselves.
  DEV_CLOCK_URL: "",
};

/**
 * The fan-out tests' destinations: the shipped four (read from wrangler.toml, so they are tested as shipped) and
 * four faulty ones (failing every other request, always, rate-limiting with Retry-After, 410 Gone) that only
 * hear leads whose source is "Fault drill", and two for the operator tests.
 */
function fanoutDestinations(): string {
  const shipped = JSON.parse(String(varsOf("workers/webhook-fanout/wrangler.toml").DESTINATIONS));
  const drill = { events: ["lead.created"], conditions: [{ field: "source", equals: "Fault drill" }] };
  return JSON.stringify([
    ...shipped,
    { id: "flaky", type: "http", urlSecret: "FLAKY_URL", signingSecret: "FLAKY_SECRET", ...drill },
    { id: "broken", type: "slack", urlSecret: "BROKEN_URL", ...drill },
    { id: "limited", type: "discord", urlSecret: "LIMITED_URL", ...drill },
    { id: "gone", type: "teams", urlSecret: "GONE_URL", ...drill },
    // For replay and re-enable (test/webhook-fanout/admin.test.ts): fails its first four requests, then works.
    {
      id: "recovering",
      type: "http",
      urlSecret: "RECOVERING_URL",
      signingSecret: "FLAKY_SECRET",
      events: ["lead.created"],
      conditions: [{ field: "source", equals: "Recovery drill" }],
    },
    {
      id: "pausable",
      type: "http",
      urlSecret: "PAUSABLE_URL",
      signingSecret: "FLAKY_SECRET",
      events: ["lead.created"],
      conditions: [{ field: "source", equals: "Pause drill" }],
    },
  ]);
}

/**
 * The webhook-fanout tests' secrets: a test webhook secret (and a "previous" one, as during a rotation), and the
 * destinations of wrangler.toml pointed at the playground's local inboxes, as `npm start` does.
 */
const FANOUT_TEST_BINDINGS = {
  ACTUALLYCARE_WEBHOOK_SECRET: "test-fanout-webhook-secret-0001",
  ACTUALLYCARE_WEBHOOK_SECRET_PREVIOUS: "test-fanout-webhook-secret-0000",
  SLACK_WEBHOOK_URL: "http://localhost:8787/__inbox/slack",
  TEAMS_WEBHOOK_URL: "http://localhost:8787/__inbox/teams",
  DISCORD_WEBHOOK_URL: "http://localhost:8787/__inbox/discord",
  HTTP_DESTINATION_URL: "http://localhost:8787/__inbox/http",
  HTTP_DESTINATION_SECRET: "whsec_dGVzdC1mYW5vdXQtaHR0cC1zaWduaW5nLWtleS0wMQ==",
  // Retries at once in tests (the schedule itself is unit-tested); four attempts before the dead-letter queue.
  DELIVERY_BASE_DELAY_SECONDS: "0",
  DELIVERY_MAX_ATTEMPTS: "4",
  DESTINATIONS: fanoutDestinations(),
  FLAKY_URL: "http://localhost:8787/__inbox/flaky?failEvery=2",
  BROKEN_URL: "http://localhost:8787/__inbox/broken?status=500",
  LIMITED_URL: "http://localhost:8787/__inbox/discord-limited?status=429&retryAfter=1&failEvery=3",
  GONE_URL: "http://localhost:8787/__inbox/teams-gone?status=410",
  RECOVERING_URL: "http://localhost:8787/__inbox/recovering?failFirst=4&status=500",
  PAUSABLE_URL: "http://localhost:8787/__inbox/pausable",
  FLAKY_SECRET: "whsec_dGVzdC1mYW5vdXQtZmxha3ktc2lnbmluZy1rZXktMDE=",
};

/**
 * The fan-out tests' network: Miniflare sends every outbound fetch of the worker under test and of the
 * playground here. `localhost:8787` is the playground (its inboxes are the destinations), `localhost:8791` the
 * worker under test (the sandbox's webhook subscriptions point there, as with `npm start`; with
 * `?__drop_answer` the worker's answer is replaced by a 503, as if lost on the way, so the sandbox retries), and
 * the capture server on 127.0.0.1 is reachable; anything else is refused, so no test reaches the internet.
 */
const FANOUT_EDGE = `export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.hostname === "localhost" && url.port === "8787") return env.PLAYGROUND.fetch(request);
    if (url.hostname === "localhost" && url.port === "8791") {
      const answer = await env.FANOUT.fetch(request);
      if (!url.searchParams.has("__drop_answer")) return answer;
      await answer.arrayBuffer();
      return new Response("answer lost", { status: 503 });
    }
    if (url.hostname === "127.0.0.1") return fetch(request);
    return new Response("tests have no network: " + request.method + " " + request.url, { status: 502 });
  },
};`;

const connector = async (name: string) => {
  const fanout = name === "webhook-fanout";
  const digest = name === "escrow-digest";
  const runner = `vitest-plugin-runner-${name}`;
  return {
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
            ...(fanout ? FANOUT_TEST_BINDINGS : {}),
            ...(digest ? ESCROW_DIGEST_TEST_BINDINGS : {}),
            ...(name === "bridge" ? BRIDGE_TEST_BINDINGS : {}),
          },
          // escrow-digest's HTTP email provider posts to the playground's outbox; its send_email binding is Miniflare's.
          ...(digest ? { email: { send_email: [{ name: "SEND_EMAIL" }] } } : {}),
          outboundService: fanout ? "edge" : fakeNetworkEdge,
          serviceBindings: { ACTUALLYCARE_API: "playground", ...(digest ? { EMAIL_API: "playground" } : {}) },
          workers: [
            {
              name: "playground",
              modules: true,
              scriptPath: bundlePlayground(),
              compatibilityDate: "2026-11-01",
              compatibilityFlags: ["nodejs_compat"],
              durableObjects: { SANDBOX: { className: "SandboxApi", useSQLite: true } },
              bindings: {
                WEBHOOK_RETRY_SCALE: "1",
                SIGNUP_STATUS: "waitlisted",
                // The landing page reads the worker under test's delivery log, as with npm start's root .dev.vars.
                ...(fanout
                  ? {
                      FANOUT_ADMIN_URL: "http://localhost:8791",
                      FANOUT_OPERATOR_TOKEN: "test-operator-token-0123456789",
                    }
                  : {}),
              },
              ...(fanout ? { outboundService: "edge" } : {}),
            },
            ...(fanout
              ? [
                  {
                    name: "edge",
                    modules: true,
                    script: FANOUT_EDGE,
                    compatibilityDate: "2026-11-01",
                    serviceBindings: { PLAYGROUND: "playground", FANOUT: runner },
                  },
                ]
              : []),
          ],
        },
      }),
    ],
    test: {
      name,
      include: [`test/${name}/**/*.test.ts`],
      globalSetup: ["test/global/capture-server.ts"],
      setupFiles: [`test/${name}/apply-migrations.ts`],
      // The fan-out's end-to-end tests wait for the real queue, retries included.
      ...(fanout ? { testTimeout: 30_000 } : {}),
    },
  };
};

/**
 * A real browser against real `wrangler dev` processes, in Node: the demo agent site embeds the form from the
 * lead-intake worker, a person fills it in, the lead appears in the sandbox; escrow-digest's preview renders the
 * sandbox's deadlines accessibly (test/browser/global-setup.ts).
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

/** The deploy tool (scripts/deploy), in Node: plans from recorded wrangler output, runs against a fake wrangler. */
const deploy = {
  test: { name: "deploy", include: ["test/deploy/**/*.test.ts"], environment: "node", testTimeout: 60_000 },
};

export default defineConfig({
  test: {
    projects: [
      shared,
      // The landing page's fan-out log: configured as npm start configures it, at a port nothing listens on.
      worker("sandbox", "./wrangler.toml", { bindings: SANDBOX_TEST_FANOUT }),
      client,
      await connector("lead-intake"),
      await connector("escrow-digest"),
      await connector("webhook-fanout"),
      await connector("bridge"),
      { test: { name: "bridge-node", include: ["test/bridge/**/*.node-test.ts"], environment: "node" } },
      zapierProject,
      browser,
      deploy,
    ],
  },
});
