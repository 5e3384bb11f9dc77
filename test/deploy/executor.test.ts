import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeployError } from "../../scripts/deploy/diagnose.ts";
import { type DeployOptions, deploy } from "../../scripts/deploy/executor.ts";
import { type LoadedWorker, loadWorker } from "../../scripts/deploy/load-worker.ts";
import { type FakeCall, fakeAccount, fixtureConnector, withEnv } from "./support.ts";

/** The deployed Worker, as far as /health goes: answers whatever the test says. */
let server: Server;
let healthStatus = 200;
let deployUrl = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    const ok = healthStatus === 200;
    res.writeHead(req.url === "/health" ? healthStatus : 404, { "content-type": "application/json" });
    res.end(
      JSON.stringify(
        ok
          ? { success: true, data: { name: "lead-intake", version: "0.1.0", ok: true } }
          : { success: false, error: { code: "CONFIG_INVALID", message: "misconfigured" } },
      ),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  deployUrl = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
});
afterAll(() => server.close());

/** A copy of lead-intake's folder (its real config), so the generated deploy config lands outside the repository. */
function leadIntakeCopy(): LoadedWorker & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "deploy-lead-intake-"));
  cpSync("workers/lead-intake", dir, {
    recursive: true,
    filter: (f) => !/node_modules|\.wrangler|\.dev\.vars$|wrangler\.deploy\.jsonc$/.test(f),
  });
  return { ...loadWorker("lead-intake", join(dir, "wrangler.toml")), dir };
}

const API_KEY = "a".repeat(64);
const TOKEN = "operator-token-0123456789abcdef";
const FORM_SECRET = "form-signing-secret-0123456789abcdef-0123";
const SECRETS = {
  ACTUALLYCARE_API_KEY: API_KEY,
  LEAD_INTAKE_OPERATOR_TOKEN: TOKEN,
  LEAD_INTAKE_FORM_SIGNING_SECRET: FORM_SECRET,
};

function options(over: Partial<DeployOptions> = {}): DeployOptions & { printed: string[] } {
  const printed: string[] = [];
  return {
    dryRun: false,
    env: {},
    interactive: false,
    ask: () => Promise.reject(new Error("no prompt expected")),
    out: (t) => printed.push(t),
    echo: (chunk) => printed.push(chunk),
    health: { attempts: 2, delayMs: 10 },
    printed,
    ...over,
  };
}

const argvs = (calls: FakeCall[]) => calls.map((c) => c.argv.join(" "));
const deployCall = (calls: FakeCall[]) => calls.find((c) => c.argv[0] === "deploy");

async function run(fake: ReturnType<typeof fakeAccount>, w: LoadedWorker, opts: DeployOptions) {
  return withEnv(fake.env, () => deploy(w, opts));
}

describe("first deploy, then an upgrade, of lead-intake (fake wrangler)", () => {
  it("creates the queues, the shared KV namespace and the database, sets the secrets, migrates, deploys, checks health", async () => {
    const fake = fakeAccount({ deployUrl });
    const w = leadIntakeCopy();
    const opts = options({ env: SECRETS });
    const result = await run(fake, w, opts);
    const c = `-c ${w.dir}/wrangler.toml`;
    const d = `-c ${w.dir}/wrangler.deploy.jsonc`;
    expect(argvs(fake.calls())).toEqual([
      "whoami --json",
      `queues list ${c}`,
      `d1 list --json ${c}`,
      `kv namespace list ${c}`,
      `secret list ${c}`,
      `queues create lead-intake-submissions ${c}`,
      `queues create lead-intake-dead-letters ${c}`,
      `kv namespace create actuallycare-shared ${c}`,
      `d1 create actuallycare-lead-intake ${c}`,
      `kv namespace list ${c}`,
      `d1 list --json ${c}`,
      `secret put ACTUALLYCARE_API_KEY ${c}`,
      `secret put OPERATOR_TOKEN ${c}`,
      `secret put FORM_SIGNING_SECRET ${c}`,
      `d1 migrations apply LEAD_INTAKE_DB --remote ${d}`,
      `deploy ${d}`,
    ]);
    const state = fake.state();
    const kvId = state.kv.find((n) => n.title === "actuallycare-shared")?.id;
    const dbId = state.d1.find((x) => x.name === "actuallycare-lead-intake")?.uuid;
    // What wrangler deployed: the committed config plus the ids just created.
    const deployed = deployCall(fake.calls())?.config;
    expect(deployed?.kv_namespaces).toEqual([{ binding: "ACTUALLYCARE_KV", id: kvId }]);
    expect(deployed?.d1_databases).toEqual([
      {
        binding: "LEAD_INTAKE_DB",
        database_name: "actuallycare-lead-intake",
        migrations_dir: "migrations",
        database_id: dbId,
      },
    ]);
    expect(readFileSync(join(w.dir, "wrangler.toml"), "utf8")).not.toContain(String(kvId));
    // Secrets went on stdin, never on a command line.
    const puts = fake.calls().filter((x) => x.argv[0] === "secret" && x.argv[1] === "put");
    expect(puts.map((p) => p.stdin)).toEqual([API_KEY, TOKEN, FORM_SECRET]);
    expect(result.url).toBe(deployUrl);
    const printed = opts.printed.join("\n");
    expect(printed).toContain(`Deployed actuallycare-lead-intake at ${deployUrl}.`);
    expect(printed).toContain(`<script src="${deployUrl}/embed.js" defer></script>`);
    for (const s of [API_KEY, TOKEN, FORM_SECRET]) {
      expect(printed).not.toContain(s);
      expect(argvs(fake.calls()).join("\n")).not.toContain(s);
    }

    // Again, on the same account: an upgrade creates nothing and sets no secret.
    const again = options({ env: SECRETS });
    const before = fake.calls().length;
    await run(fake, w, again);
    expect(argvs(fake.calls().slice(before)).filter((a) => !/ list|whoami/.test(a))).toEqual([
      `d1 migrations apply LEAD_INTAKE_DB --remote ${d}`,
      `deploy ${d}`,
    ]);
    expect(again.printed[0]).toContain("is deployed: this is an upgrade");
    expect(deployCall(fake.calls().slice(before))?.config?.kv_namespaces).toEqual(deployed?.kv_namespaces);
  });
});

/** A repository root whose package.json has only these scripts (the real one's post-deploy hooks reach out). */
function rootWithScripts(scripts: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "deploy-root-"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "r", scripts }));
  return root;
}

describe("two connectors in one account", () => {
  it("the second finds the KV namespace the first created and binds the same id", async () => {
    const fake = fakeAccount({ deployUrl });
    await run(fake, leadIntakeCopy(), options({ env: SECRETS }));
    const fanout = fixtureConnector("fanout");
    const env = { ACTUALLYCARE_API_KEY: API_KEY, ACTUALLYCARE_WEBHOOK_SECRET: "whsec-test", OPERATOR_TOKEN: TOKEN };
    // A repository root without the real fanout:register, which would log in to ActuallyCare.
    await run(fake, fanout, options({ env, root: rootWithScripts({}) }));
    const deploys = fake.calls().filter((c) => c.argv[0] === "deploy");
    const sharedOf = (c: FakeCall | undefined) =>
      c?.config?.kv_namespaces.find((k: { binding: string }) => k.binding === "ACTUALLYCARE_KV")?.id;
    expect(deploys).toHaveLength(2);
    expect(sharedOf(deploys[0])).toMatch(/^[0-9a-f]{32}$/);
    expect(sharedOf(deploys[1])).toBe(sharedOf(deploys[0]));
    expect(argvs(fake.calls()).filter((a) => a.startsWith("kv namespace create actuallycare-shared"))).toHaveLength(1);
    // The fan-out's own namespace is separate, and its four queues exist.
    expect(fake.state().kv.map((n) => n.title)).toEqual([
      "actuallycare-shared",
      "actuallycare-webhook-fanout-route-cache",
    ]);
    expect(fake.state().queues.map((q) => q.name)).toEqual([
      "lead-intake-submissions",
      "lead-intake-dead-letters",
      "fanout-events",
      "fanout-deliveries",
      "fanout-events-dlq",
      "fanout-dead-letters",
    ]);
  });
});

describe("failures stop before or at the step, with their fix", () => {
  const expectProblem = async (p: Promise<unknown>, message: RegExp, fix: RegExp) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DeployError);
    expect((err as DeployError).problems[0]?.message).toMatch(message);
    expect((err as DeployError).problems[0]?.fix).toMatch(fix);
  };

  it("not logged in: only whoami runs", async () => {
    const fake = fakeAccount({ loggedIn: false });
    await expectProblem(run(fake, leadIntakeCopy(), options({ env: SECRETS })), /Not logged in/, /wrangler login/);
    expect(argvs(fake.calls())).toEqual(["whoami --json"]);
  });

  it("a missing secret without a terminal: nothing is changed, and the error lists it", async () => {
    const fake = fakeAccount();
    await expectProblem(
      run(fake, leadIntakeCopy(), options({ env: { ACTUALLYCARE_API_KEY: API_KEY } })),
      /Secrets not set yet, and no terminal to ask for them: OPERATOR_TOKEN, FORM_SIGNING_SECRET\./,
      /OPERATOR_TOKEN/,
    );
    expect(argvs(fake.calls()).every((a) => / list|whoami/.test(a))).toBe(true);
  });

  it("Queues not available on the account's plan: the API's own error becomes a sentence and a fix", async () => {
    const stderr =
      "\n✘ [ERROR] A request to the Cloudflare API (/accounts/4f3c1a7e9b2d4c8e8a6f0b1d2c3e4f5a/queues) failed.\n\n" +
      "  Queues are unavailable on the free plan. Please upgrade to a Workers Paid plan to create and use\n" +
      "  Queues: https://dash.cloudflare.com/4f3c1a7e9b2d4c8e8a6f0b1d2c3e4f5a/workers/plans [code: 100129]\n";
    const fake = fakeAccount({ failures: { "queues create": { stderr } } });
    await expectProblem(run(fake, leadIntakeCopy(), options({ env: SECRETS })), /cannot use Queues/, /Workers Paid/);
    expect(deployCall(fake.calls())).toBeUndefined();
  });

  it("a name taken by a queue created meanwhile is used; one that stays unseen is an error saying to re-run", async () => {
    // The list misses a queue that exists (a concurrent deploy made it): the create says it is taken, a re-list finds it.
    const raced = fakeAccount({
      deployUrl,
      queues: [{ id: "q1", name: "lead-intake-submissions" }],
      failures: { "queues list": { status: 0, stdout: "\n ⛅️ wrangler 4.164.0\n", once: true } },
    });
    const opts = options({ env: SECRETS });
    await run(raced, leadIntakeCopy(), opts);
    expect(opts.printed.join("\n")).toContain("It exists now (created meanwhile): using it.");
    expect(deployCall(raced.calls())).toBeDefined();

    const stderr =
      "✘ [ERROR] Queue name 'lead-intake-submissions' is already taken. Please use a different name and try again. [code: 11009]";
    const taken = fakeAccount({ failures: { "queues create": { stderr } } });
    await expectProblem(
      run(taken, leadIntakeCopy(), options({ env: SECRETS })),
      /lead-intake-submissions already exists but was not listed/,
      /npm run deploy -- lead-intake` again/,
    );
  });

  it("a deployed Worker whose /health is not ok: the deploy fails and says where to look", async () => {
    healthStatus = 500;
    try {
      const fake = fakeAccount({ deployUrl });
      await expectProblem(
        run(fake, leadIntakeCopy(), options({ env: SECRETS })),
        /answered 500 CONFIG_INVALID/,
        /wrangler tail/,
      );
    } finally {
      healthStatus = 200;
    }
  });
});

describe("secrets asked for, hooks, dry runs", () => {
  it("asks for each missing secret with its description, before changing anything, and pipes it to wrangler", async () => {
    const fake = fakeAccount({ deployUrl });
    const asked: string[] = [];
    const callsWhenAsked: number[] = [];
    const answers: Record<string, string> = {
      ACTUALLYCARE_API_KEY: API_KEY,
      OPERATOR_TOKEN: TOKEN,
      FORM_SIGNING_SECRET: FORM_SECRET,
    };
    const opts = options({
      interactive: true,
      ask: async (prompt) => {
        asked.push(prompt);
        callsWhenAsked.push(fake.calls().length);
        return answers[prompt.split(" ")[0]?.replace(":", "") ?? ""] ?? "";
      },
    });
    await run(fake, leadIntakeCopy(), opts);
    expect(asked).toHaveLength(3);
    expect(asked[1]).toMatch(/^OPERATOR_TOKEN \(.*openssl rand -hex 32.*\): $/);
    expect(asked[2]).toMatch(/^FORM_SIGNING_SECRET \(.*openssl rand -hex 32.*\): $/);
    // Only the five read-only look-ups had run when it asked.
    expect(callsWhenAsked).toEqual([5, 5, 5]);
    const puts = fake.calls().filter((x) => x.argv[1] === "put");
    expect(puts.map((p) => p.stdin)).toEqual([API_KEY, TOKEN, FORM_SECRET]);
  });

  it("runs a post-deploy hook defined in package.json with the deployed URL, and skips one that is not", async () => {
    const hook = join(mkdtempSync(join(tmpdir(), "deploy-hook-")), "hook.txt");
    const script = `node -e "require('fs').writeFileSync(process.argv[1], process.env.DEPLOYED_URL + ' ' + process.env.WORKER_CONFIG)" ${hook}`;
    const root = rootWithScripts({ "fanout:register": script });
    const env = { ACTUALLYCARE_API_KEY: API_KEY, ACTUALLYCARE_WEBHOOK_SECRET: "whsec-test", OPERATOR_TOKEN: TOKEN };
    const fanout = fixtureConnector("fanout");
    await run(fakeAccount({ deployUrl }), fanout, options({ env, root }));
    expect(readFileSync(hook, "utf8")).toBe(`${deployUrl} ${fanout.dir}/wrangler.toml`);

    const skipped = options({ env: { ACTUALLYCARE_API_KEY: API_KEY, BRIDGE_TOKEN: TOKEN }, root });
    await run(fakeAccount({ deployUrl }), fixtureConnector("bridge"), skipped);
    expect(skipped.printed.join("\n")).toContain("skip npm run bridge:register: no such script in package.json yet");
  });

  it("a dry run runs only the read-only look-ups, writes nothing, and prints the plan", async () => {
    const fake = fakeAccount();
    const w = leadIntakeCopy();
    const opts = options({ dryRun: true });
    await run(fake, w, opts);
    expect(argvs(fake.calls())).toEqual([
      "whoami --json",
      `queues list -c ${w.dir}/wrangler.toml`,
      `d1 list --json -c ${w.dir}/wrangler.toml`,
      `kv namespace list -c ${w.dir}/wrangler.toml`,
      `secret list -c ${w.dir}/wrangler.toml`,
    ]);
    expect(existsSync(join(w.dir, "wrangler.deploy.jsonc"))).toBe(false);
    expect(fake.state()).toMatchObject({ queues: [], kv: [], d1: [], workers: {} });
    const printed = opts.printed.join("\n");
    expect(printed).toContain("Would create:\n  - queue lead-intake-submissions (producer, consumer)");
    expect(printed).toContain(`npx wrangler deploy -c ${w.dir}/wrangler.deploy.jsonc`);
    expect(printed).toContain("A real deploy would stop before changing anything:");
    expect(printed).toContain("Dry run: nothing was changed.");
  });
});
