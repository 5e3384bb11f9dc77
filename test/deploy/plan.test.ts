import { describe, expect, it } from "vitest";
import { loadWorker } from "../../scripts/deploy/load-worker.ts";
import { emptyObserved } from "../../scripts/deploy/observed.ts";
import { buildPlan, type PlanContext } from "../../scripts/deploy/plan.ts";
import { renderPlan } from "../../scripts/deploy/render-plan.ts";
import { fixtureConnector, recordedAccount } from "./support.ts";

const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
  env: {},
  interactive: true,
  rootScripts: new Set(),
  ...over,
});
const leadIntake = () => loadWorker("lead-intake", "workers/lead-intake/wrangler.toml").spec;
const commands = (plan: ReturnType<typeof buildPlan>) =>
  plan.steps.flatMap((s) => ("args" in s ? [s.args.join(" ")] : []));

describe("lead-intake's plan (its real wrangler.toml) against the recorded account", () => {
  it("keeps what exists, creates the dead-letter queue, and binds the shared KV namespace and the database by id", () => {
    const plan = buildPlan(leadIntake(), recordedAccount(), ctx());
    expect(plan.exists).toEqual([
      "queue lead-intake-submissions (producer, consumer)",
      'KV namespace "actuallycare-shared" (8c1e4a7f2b9d4e6c8a0f1b3d5e7c9a2b) for ACTUALLYCARE_KV, shared by every connector',
      "D1 database actuallycare-lead-intake (5d0e8a3c-1f27-4b6e-9c4d-2a7b8e1f0c93) for LEAD_INTAKE_DB",
    ]);
    expect(plan.creates).toEqual(["queue lead-intake-dead-letters (dead-letter queue, consumer)"]);
    expect(plan.ids).toEqual({
      kv: { ACTUALLYCARE_KV: "8c1e4a7f2b9d4e6c8a0f1b3d5e7c9a2b" },
      d1: { LEAD_INTAKE_DB: "5d0e8a3c-1f27-4b6e-9c4d-2a7b8e1f0c93" },
    });
    expect(plan.firstDeploy).toBe(false);
    expect(plan.problems).toEqual([]);
  });

  it("runs the exact wrangler commands in order: create, set the missing secret, migrate, deploy", () => {
    const plan = buildPlan(leadIntake(), recordedAccount(), ctx());
    expect(plan.steps.map((s) => s.kind)).toEqual([
      "check-config",
      "create-queue",
      "write-config",
      "put-secret",
      "put-secret",
      "migrate",
      "deploy",
      "health",
    ]);
    expect(commands(plan)).toEqual([
      "queues create lead-intake-dead-letters -c workers/lead-intake/wrangler.toml",
      "secret put OPERATOR_TOKEN -c workers/lead-intake/wrangler.toml",
      "secret put FORM_SIGNING_SECRET -c workers/lead-intake/wrangler.toml",
      "d1 migrations apply LEAD_INTAKE_DB --remote -c workers/lead-intake/wrangler.deploy.jsonc",
      "deploy -c workers/lead-intake/wrangler.deploy.jsonc",
    ]);
    expect(plan.secrets).toEqual([
      { name: "ACTUALLYCARE_API_KEY", required: true, state: "set" },
      { name: "OPERATOR_TOKEN", required: true, state: "prompt" },
      { name: "FORM_SIGNING_SECRET", required: true, state: "prompt" },
      { name: "TURNSTILE_SECRET_KEY", required: false, state: "skipped" },
    ]);
  });

  it("takes a secret from the environment, the worker-prefixed variable first; an optional one only from there", () => {
    const env = {
      OPERATOR_TOKEN: "generic",
      LEAD_INTAKE_OPERATOR_TOKEN: "specific",
      FORM_SIGNING_SECRET: "form-signing-secret-0123456789abcdef-0123",
      TURNSTILE_SECRET_KEY: "t",
    };
    const plan = buildPlan(leadIntake(), recordedAccount(), ctx({ env, interactive: false }));
    expect(plan.secrets.filter((s) => s.state === "from-env").map((s) => [s.name, s.envVar])).toEqual([
      ["OPERATOR_TOKEN", "LEAD_INTAKE_OPERATOR_TOKEN"],
      ["FORM_SIGNING_SECRET", "FORM_SIGNING_SECRET"],
      ["TURNSTILE_SECRET_KEY", "TURNSTILE_SECRET_KEY"],
    ]);
    expect(plan.problems).toEqual([]);
  });

  it("without a terminal, a missing secret is a problem that names it and both ways to give it", () => {
    const plan = buildPlan(leadIntake(), recordedAccount({ secrets: null }), ctx({ interactive: false }));
    expect(plan.firstDeploy).toBe(true);
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]?.message).toMatch(/ACTUALLYCARE_API_KEY, OPERATOR_TOKEN/);
    expect(plan.problems[0]?.fix).toMatch(/in a terminal/);
    expect(plan.problems[0]?.fix).toMatch(/ACTUALLYCARE_API_KEY, OPERATOR_TOKEN/);
  });

  it("not logged in, or logged in to several accounts with none chosen, is a problem with its fix", () => {
    const out = buildPlan(leadIntake(), emptyObserved(), ctx());
    expect(out.problems[0]).toMatchObject({ message: "Not logged in to Cloudflare.", fix: /wrangler login/ });

    const two = recordedAccount({
      accounts: [
        { id: "a1", name: "Brightdoor Realty" },
        { id: "b2", name: "Personal" },
      ],
    });
    expect(buildPlan(leadIntake(), two, ctx()).problems[0]?.fix).toBe(
      "Choose one: CLOUDFLARE_ACCOUNT_ID=<id> npm run deploy -- lead-intake",
    );
    const chosen = buildPlan(leadIntake(), two, ctx({ env: { CLOUDFLARE_ACCOUNT_ID: "b2" } }));
    expect(chosen.problems).toEqual([]);
    expect(chosen.account).toEqual({ id: "b2", name: "Personal" });
    expect(buildPlan(leadIntake(), two, ctx({ env: { CLOUDFLARE_ACCOUNT_ID: "zz" } })).problems[0]?.message).toMatch(
      /not one this login can use/,
    );
  });

  it("prints what exists, what it would create and every command", () => {
    const text = renderPlan(buildPlan(leadIntake(), recordedAccount(), ctx()), ["npx wrangler whoami --json"]);
    expect(text).toContain('Deploy plan for lead-intake (actuallycare-lead-intake) to account "Brightdoor Realty"');
    expect(text).toContain("is deployed: this is an upgrade");
    expect(text).toContain("Would create:\n  - queue lead-intake-dead-letters");
    expect(text).toContain(
      "  6. npx wrangler d1 migrations apply LEAD_INTAKE_DB --remote -c workers/lead-intake/wrangler.deploy.jsonc",
    );
    expect(text).toContain("OPERATOR_TOKEN: missing: will be asked for (hidden input)");
  });
});

describe("plans for the connectors still being built (synthetic configs)", () => {
  it("fan-out in an empty account: every queue once with its roles, dead-letter queues included, D1 and both KV", () => {
    const { spec } = fixtureConnector("fanout");
    const plan = buildPlan(
      spec,
      { ...recordedAccount(), queues: new Set(), d1: new Map(), kv: new Map(), secrets: null },
      ctx(),
    );
    expect(plan.creates).toEqual([
      "queue fanout-events (producer, consumer)",
      "queue fanout-deliveries (producer, consumer)",
      "queue fanout-events-dlq (dead-letter queue)",
      "queue fanout-dead-letters (dead-letter queue, consumer)",
      'KV namespace "actuallycare-shared" for ACTUALLYCARE_KV, shared by every connector',
      'KV namespace "actuallycare-webhook-fanout-route-cache" for ROUTE_CACHE',
      "D1 database actuallycare-webhook-fanout for FANOUT_DB",
    ]);
    expect(plan.ids).toEqual({ kv: { ACTUALLYCARE_KV: null, ROUTE_CACHE: null }, d1: { FANOUT_DB: null } });
    expect(plan.secrets.map((s) => s.state)).toEqual(["prompt", "prompt", "prompt", "skipped"]);
  });

  it("runs a post-deploy hook by name only when package.json defines it", () => {
    const { spec } = fixtureConnector("fanout");
    const without = buildPlan(spec, recordedAccount(), ctx());
    expect(without.steps.find((s) => s.kind === "post-deploy")).toMatchObject({
      script: "fanout:register",
      defined: false,
    });
    expect(renderPlan(without, [])).toContain("skip npm run fanout:register: no such script in package.json yet");
    const withIt = buildPlan(spec, recordedAccount(), ctx({ rootScripts: new Set(["fanout:register"]) }));
    expect(withIt.steps.find((s) => s.kind === "post-deploy")).toMatchObject({ defined: true });
  });

  it("digest: notes its cron triggers and the email it sends, and migrates from the default migrations folder", () => {
    const { spec } = fixtureConnector("digest");
    const plan = buildPlan(spec, recordedAccount(), ctx());
    expect(plan.notes.join("\n")).toMatch(/Cron triggers \(UTC\): 0 13 \* \* 1-5, \*\/30 \* \* \* \*/);
    expect(plan.notes.join("\n")).toMatch(/escrow-team@brightdoor-realty\.example verified as a destination/);
    expect(plan.steps.some((s) => s.kind === "migrate" && s.binding === "DIGEST_DB")).toBe(true);
  });

  it("bridge: a database pinned by id is not looked for or created; a config without observability is noted", () => {
    const { spec } = fixtureConnector("bridge");
    const plan = buildPlan(spec, recordedAccount(), ctx());
    expect(plan.exists).toContain(
      "D1 database actuallycare-bridge (3e5a7c9b-1d2f-4a6c-8e0b-2d4f6a8c0e1b) for BRIDGE_DB",
    );
    expect(plan.steps.some((s) => s.kind === "create-d1")).toBe(false);
    expect(plan.steps.some((s) => s.kind === "migrate")).toBe(false);
    expect(plan.notes.join("\n")).toMatch(/does not enable \[observability\]/);
  });
});
