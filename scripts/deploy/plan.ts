// The deploy plan: a pure function of a connector's spec and of what exists in
// the account. It decides what to create, which secrets to set from where, and
// the exact wrangler commands, in order; the executor only carries it out.
import type { Observed } from "./observed.ts";
import { SHARED_KV_TITLE, type WorkerSpec } from "./worker-spec.ts";

/** A reason the deploy cannot go ahead, with what to do about it. */
export interface Problem {
  message: string;
  fix: string;
}

export type SecretSource = { env: string } | "prompt";

export type Step =
  | { kind: "check-config"; describe: string }
  | { kind: "create-queue"; name: string; args: string[] }
  | { kind: "create-kv"; title: string; binding: string; args: string[] }
  | { kind: "create-d1"; name: string; binding: string; args: string[] }
  | { kind: "write-config"; path: string }
  | { kind: "put-secret"; name: string; source: SecretSource; args: string[] }
  | { kind: "migrate"; binding: string; args: string[] }
  | { kind: "deploy"; args: string[] }
  | { kind: "post-deploy"; script: string; why: string; defined: boolean }
  | { kind: "health" };

export interface SecretState {
  name: string;
  required: boolean;
  state: "set" | "from-env" | "prompt" | "missing" | "skipped";
  envVar?: string;
}

export interface Plan {
  spec: WorkerSpec;
  account: { id: string; name: string } | null;
  firstDeploy: boolean;
  exists: string[];
  creates: string[];
  /** The ids the generated config will carry, per binding; null until the resource is created. */
  ids: { kv: Record<string, string | null>; d1: Record<string, string | null> };
  secrets: SecretState[];
  steps: Step[];
  problems: Problem[];
  notes: string[];
}

export interface PlanContext {
  env: Record<string, string | undefined>;
  /** Whether missing secrets can be asked for (a terminal on stdin). */
  interactive: boolean;
  /** The npm scripts of the repository's package.json (post-deploy hooks run only if defined). */
  rootScripts: ReadonlySet<string>;
}

/** Environment variables that can carry a secret, most specific first: LEAD_INTAKE_OPERATOR_TOKEN, OPERATOR_TOKEN. */
export function secretEnvVars(worker: string, name: string): string[] {
  return [`${worker.toUpperCase().replace(/-/g, "_")}_${name}`, name];
}

const LOGIN_FIX =
  "Run `npx wrangler login` (it opens a browser), or for CI set CLOUDFLARE_API_TOKEN (an API token with the Workers " +
  "Scripts, Workers KV Storage, D1 and Queues edit permissions) and CLOUDFLARE_ACCOUNT_ID.";

function accountOf(observed: Observed, spec: WorkerSpec, ctx: PlanContext, problems: Problem[]) {
  if (!observed.loggedIn) {
    problems.push({ message: "Not logged in to Cloudflare.", fix: LOGIN_FIX });
    return null;
  }
  const wanted = spec.accountId ?? ctx.env.CLOUDFLARE_ACCOUNT_ID;
  const list = observed.accounts.map((a) => `${a.name} (${a.id})`).join(", ");
  if (wanted) {
    const found = observed.accounts.find((a) => a.id === wanted);
    if (!found && observed.accounts.length > 0) {
      problems.push({
        message: `The account ${wanted} is not one this login can use (${list}).`,
        fix: "Set CLOUDFLARE_ACCOUNT_ID to one of them, or log in as a member of that account.",
      });
    }
    return found ?? { id: wanted, name: wanted };
  }
  if (observed.accounts.length > 1) {
    problems.push({
      message: `This login can use ${observed.accounts.length} accounts: ${list}.`,
      fix: `Choose one: CLOUDFLARE_ACCOUNT_ID=<id> npm run deploy -- ${spec.worker}`,
    });
    return null;
  }
  return observed.accounts[0] ?? null;
}

function secretsOf(spec: WorkerSpec, observed: Observed, ctx: PlanContext): SecretState[] {
  const state = (name: string, required: boolean): SecretState => {
    if (observed.secrets?.has(name)) return { name, required, state: "set" };
    const envVar = secretEnvVars(spec.worker, name).find((v) => (ctx.env[v] ?? "") !== "");
    if (envVar) return { name, required, state: "from-env", envVar };
    if (!required) return { name, required, state: "skipped" };
    return { name, required, state: ctx.interactive ? "prompt" : "missing" };
  };
  return [...spec.secrets.map((s) => state(s, true)), ...spec.optionalSecrets.map((s) => state(s, false))];
}

/** The plan for one connector against one account. */
export function buildPlan(spec: WorkerSpec, observed: Observed, ctx: PlanContext): Plan {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const exists: string[] = [];
  const creates: string[] = [];
  const steps: Step[] = [{ kind: "check-config", describe: "node scripts/check-config.mjs" }];
  const account = accountOf(observed, spec, ctx, problems);
  const c = ["-c", spec.configPath];

  for (const q of spec.queues) {
    const what = `queue ${q.name} (${q.roles.join(", ")})`;
    if (observed.queues.has(q.name)) exists.push(what);
    else {
      creates.push(what);
      steps.push({ kind: "create-queue", name: q.name, args: ["queues", "create", q.name, ...c] });
    }
  }

  const ids: Plan["ids"] = { kv: {}, d1: {} };
  for (const k of spec.kv) {
    const shared = k.shared ? ", shared by every connector" : "";
    const found = observed.kv.get(k.title);
    if (k.pinnedId) {
      ids.kv[k.binding] = k.pinnedId;
      exists.push(`KV namespace ${k.pinnedId} for ${k.binding} (pinned by id in ${spec.configPath})`);
      if (k.shared && found && found !== k.pinnedId) {
        notes.push(
          `${k.binding} is pinned to ${k.pinnedId}, but the namespace the other connectors share ("${SHARED_KV_TITLE}") ` +
            `is ${found}: their rate-limit backoff will not be shared with this one. Remove the id to share it.`,
        );
      }
    } else if (found) {
      ids.kv[k.binding] = found;
      exists.push(`KV namespace "${k.title}" (${found}) for ${k.binding}${shared}`);
    } else {
      ids.kv[k.binding] = null;
      creates.push(`KV namespace "${k.title}" for ${k.binding}${shared}`);
      steps.push({
        kind: "create-kv",
        title: k.title,
        binding: k.binding,
        args: ["kv", "namespace", "create", k.title, ...c],
      });
    }
  }

  for (const d of spec.d1) {
    const found = d.databaseId ?? observed.d1.get(d.databaseName);
    ids.d1[d.binding] = found ?? null;
    if (found) exists.push(`D1 database ${d.databaseName} (${found}) for ${d.binding}`);
    else {
      creates.push(`D1 database ${d.databaseName} for ${d.binding}`);
      steps.push({
        kind: "create-d1",
        name: d.databaseName,
        binding: d.binding,
        args: ["d1", "create", d.databaseName, ...c],
      });
    }
  }

  steps.push({ kind: "write-config", path: spec.deployConfigPath });

  const secrets = secretsOf(spec, observed, ctx);
  for (const s of secrets) {
    if (s.state === "from-env" && s.envVar) {
      steps.push({
        kind: "put-secret",
        name: s.name,
        source: { env: s.envVar },
        args: ["secret", "put", s.name, ...c],
      });
    } else if (s.state === "prompt") {
      steps.push({ kind: "put-secret", name: s.name, source: "prompt", args: ["secret", "put", s.name, ...c] });
    } else if (s.state === "skipped") {
      const [specific, plain] = secretEnvVars(spec.worker, s.name);
      notes.push(`Optional secret ${s.name} is not set; set $${plain} (or $${specific}) to include it.`);
    }
  }
  const missing = secrets.filter((s) => s.state === "missing").map((s) => s.name);
  if (missing.length > 0) {
    const vars = missing.map((n) => secretEnvVars(spec.worker, n)[1]).join(", ");
    problems.push({
      message: `Secrets not set yet, and no terminal to ask for them: ${missing.join(", ")}.`,
      fix: `Run the deploy in a terminal (it asks for each one, without echoing it), or set them in the environment: ${vars} (or with the worker prefix, e.g. ${secretEnvVars(spec.worker, missing[0] ?? "")[0]}).`,
    });
  }

  for (const d of spec.d1) {
    if (d.migrationsDir) {
      steps.push({
        kind: "migrate",
        binding: d.binding,
        args: ["d1", "migrations", "apply", d.binding, "--remote", "-c", spec.deployConfigPath],
      });
    }
  }
  steps.push({ kind: "deploy", args: ["deploy", "-c", spec.deployConfigPath] });
  for (const h of spec.postDeploy) {
    steps.push({ kind: "post-deploy", script: h.script, why: h.why, defined: ctx.rootScripts.has(h.script) });
  }
  steps.push({ kind: "health" });

  if (!spec.observability) notes.push(`${spec.configPath} does not enable [observability]: its logs will not be kept.`);
  if (spec.crons.length > 0) {
    notes.push(`Cron triggers (UTC): ${spec.crons.join(", ")}. The Workers Free plan allows 5 per account.`);
  }
  for (const e of spec.sendEmail) {
    notes.push(
      `send_email ${e.name}: Email Routing must be enabled on your domain` +
        (e.destination ? ` and ${e.destination} verified as a destination address.` : ", with verified destinations."),
    );
  }

  return {
    spec,
    account,
    firstDeploy: observed.secrets === null,
    exists,
    creates,
    ids,
    secrets,
    steps,
    problems,
    notes,
  };
}
