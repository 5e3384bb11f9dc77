// Carries out a deploy plan: every secret is in hand and every problem known
// before the first change; then the steps run in the plan's order, and a known
// wrangler failure stops it with its fix. Re-running resumes: what exists is kept.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderDeployConfig } from "./deploy-config.ts";
import { DeployError, diagnose } from "./diagnose.ts";
import { checkHealth } from "./health.ts";
import { type LoadedWorker, rootScripts } from "./load-worker.ts";
import { lastLines, lookUp, observe } from "./observe.ts";
import type { Observed } from "./observed.ts";
import { buildPlan, type Plan, type Step } from "./plan.ts";
import { describeStep, renderPlan } from "./render-plan.ts";
import { type CommandResult, runCommand, runWrangler } from "./wrangler-cli.ts";

export interface DeployOptions {
  dryRun: boolean;
  env: Record<string, string | undefined>;
  /** Whether missing secrets can be asked for; `ask` reads one without echo. */
  interactive: boolean;
  ask: (prompt: string) => Promise<string>;
  out: (text: string) => void;
  /** Where the output of the long commands (deploy, migrations, hooks) goes as they run. */
  echo?: (chunk: string) => void;
  /** Where the repository's package.json (post-deploy hooks) is; default the working directory. */
  root?: string;
  health?: { attempts: number; delayMs: number };
}

export interface DeployResult {
  plan: Plan;
  url: string | null;
}

function stop(step: Step, plan: Plan, r: CommandResult): never {
  const command = describeStep(step, plan).split("   (")[0] ?? "";
  const output = `${r.stdout}\n${r.stderr}`;
  const known = diagnose(output, { worker: plan.spec.worker, command });
  throw new DeployError([
    known ?? {
      message: `\`${command}\` failed:\n${lastLines(output)}`,
      fix: `Fix what it says, then run \`npm run deploy -- ${plan.spec.worker}\` again (it keeps what was done).`,
    },
  ]);
}

/** The URL a deploy reports (wrangler's output file, `targets`): workers.dev first, else the first route. */
export function deployedUrl(outputFile: string): string | null {
  const entries = readFileSync(outputFile, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as { type?: string; targets?: string[] });
  const targets = entries.find((e) => e.type === "deploy")?.targets ?? [];
  const url = targets.find((t) => /^https?:\/\//.test(t));
  if (url) return url;
  const route = targets[0]?.replace(/ \(custom domain\)$/, "").replace(/\/?\*$/, "");
  return route ? `https://${route}` : null;
}

async function collectSecrets(plan: Plan, opts: DeployOptions): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (const step of plan.steps) {
    if (step.kind !== "put-secret") continue;
    const hint = plan.spec.descriptions[step.name];
    const value =
      step.source === "prompt"
        ? await opts.ask(`${step.name}${hint ? ` (${hint.replace(/`/g, "")})` : ""}: `)
        : (opts.env[step.source.env] ?? "");
    if (value.trim() === "") {
      throw new DeployError([
        { message: `No value given for ${step.name}.`, fix: "Run the deploy again and enter it." },
      ]);
    }
    values.set(step.name, value);
  }
  return values;
}

/** Re-reads what a failed create says exists already; true if it is there now (a concurrent deploy made it). */
async function existsNow(loaded: LoadedWorker, step: Step, observed: Observed, log: string[]): Promise<boolean> {
  if (step.kind === "create-queue") {
    await lookUp(loaded.spec, "queues", observed, log);
    return observed.queues.has(step.name);
  }
  if (step.kind === "create-kv") {
    await lookUp(loaded.spec, "kv", observed, log);
    return observed.kv.has(step.title);
  }
  if (step.kind === "create-d1") {
    await lookUp(loaded.spec, "d1", observed, log);
    return observed.d1.has(step.name);
  }
  return false;
}

/** Plans a connector's deploy against the logged-in account and, unless it is a dry run, carries it out. */
export async function deploy(loaded: LoadedWorker, opts: DeployOptions): Promise<DeployResult> {
  const { spec } = loaded;
  const log: string[] = [];
  const observed = await observe(spec, log, opts.env);
  const root = opts.root ?? ".";
  const plan = buildPlan(spec, observed, {
    env: opts.env,
    interactive: opts.interactive,
    rootScripts: rootScripts(root),
  });
  opts.out(renderPlan(plan, log));
  if (opts.dryRun) {
    opts.out("\nDry run: nothing was changed.");
    return { plan, url: null };
  }
  if (plan.problems.length > 0) throw new DeployError(plan.problems);
  const secrets = await collectSecrets(plan, opts);

  const tee = opts.echo ?? ((chunk: string) => process.stdout.write(chunk));
  let url: string | null = null;
  let created = false;
  for (const [i, step] of plan.steps.entries()) {
    opts.out(`\n[${i + 1}/${plan.steps.length}] ${describeStep(step, plan)}`);
    switch (step.kind) {
      case "check-config": {
        const r = await runCommand(process.execPath, ["scripts/check-config.mjs"], { tee });
        if (r.status !== 0) stop(step, plan, r);
        break;
      }
      case "create-queue":
      case "create-kv":
      case "create-d1": {
        const r = await runWrangler(step.args, { tee });
        if (r.status !== 0) {
          const known = diagnose(`${r.stdout}\n${r.stderr}`, { worker: spec.worker, command: "" });
          if (known?.kind !== "name-taken" || !(await existsNow(loaded, step, observed, log))) stop(step, plan, r);
          opts.out("  It exists now (created meanwhile): using it.");
        }
        created ||= step.kind !== "create-queue";
        break;
      }
      case "write-config": {
        if (created) {
          if (spec.kv.length > 0) await lookUp(spec, "kv", observed, log);
          if (spec.d1.length > 0) await lookUp(spec, "d1", observed, log);
        }
        const ids = {
          kv: Object.fromEntries(spec.kv.map((k) => [k.binding, k.pinnedId ?? observed.kv.get(k.title) ?? null])),
          d1: Object.fromEntries(
            spec.d1.map((d) => [d.binding, d.databaseId ?? observed.d1.get(d.databaseName) ?? null]),
          ),
        };
        writeFileSync(step.path, renderDeployConfig(loaded.raw, ids, spec.configPath));
        break;
      }
      case "put-secret": {
        const r = await runWrangler(step.args, { input: secrets.get(step.name) ?? "" });
        if (r.status !== 0) stop(step, plan, r);
        break;
      }
      case "migrate": {
        const r = await runWrangler(step.args, { tee });
        if (r.status !== 0) stop(step, plan, r);
        break;
      }
      case "deploy": {
        const dir = mkdtempSync(join(tmpdir(), "actuallycare-deploy-"));
        try {
          const outputFile = join(dir, "output.jsonl");
          const r = await runWrangler(step.args, { tee, env: { WRANGLER_OUTPUT_FILE_PATH: outputFile } });
          if (r.status !== 0) stop(step, plan, r);
          url = deployedUrl(outputFile);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        break;
      }
      case "post-deploy": {
        if (!step.defined || !url) break;
        const r = await runCommand("npm", ["run", "--silent", step.script], {
          tee,
          // What a hook needs to act on this deployment (e.g. `wrangler secret put … -c $WORKER_CONFIG`).
          env: { DEPLOYED_URL: url, WORKER_NAME: spec.worker, WORKER_CONFIG: spec.configPath },
          cwd: root,
        });
        if (r.status !== 0) stop(step, plan, r);
        break;
      }
      case "health": {
        if (!url) {
          opts.out("  No URL in wrangler's answer (no workers.dev and no route?): skipped.");
          break;
        }
        const health = await checkHealth(url, opts.health);
        if (!health.ok) {
          throw new DeployError([
            {
              message: `${spec.scriptName} is deployed, but ${url}/health answered ${health.detail}.`,
              fix: `Watch its log with \`npx wrangler tail -c ${spec.configPath}\` while you open ${url}/health; a CONFIG_INVALID there names the problem.`,
            },
          ]);
        }
        opts.out("  ok");
        break;
      }
    }
  }
  const next = spec.next.map((n) => `  - ${url ? n.replaceAll("{url}", url) : n}`);
  opts.out(
    `\nDeployed ${spec.scriptName}${url ? ` at ${url}` : ""}.${next.length ? `\nNext:\n${next.join("\n")}` : ""}`,
  );
  return { plan, url };
}
