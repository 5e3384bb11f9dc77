// The plan as a person reads it: what exists, what would be created, the secrets,
// then every command in order. `--dry-run` prints exactly this and stops.
import type { Plan, Step } from "./plan.ts";

/** How a step is shown: the wrangler command as you would type it, or what the step does. */
export function describeStep(step: Step, plan: Plan): string {
  switch (step.kind) {
    case "check-config":
      return `${step.describe}   (validates each connector's vars with its own schema)`;
    case "create-queue":
    case "create-kv":
    case "create-d1":
    case "migrate":
    case "deploy":
      return `npx wrangler ${step.args.join(" ")}`;
    case "put-secret": {
      const from = step.source === "prompt" ? "asked for, not echoed" : `from $${step.source.env}`;
      return `npx wrangler ${step.args.join(" ")}   (value on stdin, ${from})`;
    }
    case "write-config": {
      const ids = [
        ...Object.entries(plan.ids.kv).map(([b, id]) => `${b}=${id ?? "<id once created>"}`),
        ...Object.entries(plan.ids.d1).map(([b, id]) => `${b}=${id ?? "<id once created>"}`),
      ];
      const what =
        ids.length > 0 ? `: ${plan.spec.configPath} plus ${ids.join(", ")}` : `: ${plan.spec.configPath} as is`;
      return `write ${step.path}${what}`;
    }
    case "post-deploy":
      return step.defined
        ? `npm run ${step.script}   (${step.why}; DEPLOYED_URL=<the deployed URL>)`
        : `skip npm run ${step.script}: no such script in package.json yet (${step.why})`;
    case "health":
      return "GET <the deployed URL>/health   (expects 200 and ok: true)";
  }
}

const list = (title: string, lines: string[]) => (lines.length === 0 ? [] : [title, ...lines.map((l) => `  - ${l}`)]);

/** The whole plan as text. `observedWith` are the read-only commands that found what exists. */
export function renderPlan(plan: Plan, observedWith: string[]): string {
  const { spec } = plan;
  const account = plan.account ? `account "${plan.account.name}" (${plan.account.id})` : "no account (not logged in)";
  const state = plan.firstDeploy
    ? `${spec.scriptName} is not deployed yet: first deploy.`
    : `${spec.scriptName} is deployed: this is an upgrade (existing resources and secrets are kept).`;
  const secrets = plan.secrets.map((s) => {
    const what = {
      set: "set (kept)",
      "from-env": `missing: will be set from $${s.envVar}`,
      prompt: "missing: will be asked for (hidden input)",
      missing: "MISSING",
      skipped: "not set (optional)",
    }[s.state];
    return `${s.name}: ${what}`;
  });
  return [
    `Deploy plan for ${spec.worker} (${spec.scriptName}) to ${account}`,
    state,
    ...list("Looked up with:", observedWith),
    ...list("Exists (left as it is):", plan.exists),
    ...list("Would create:", plan.creates),
    ...list("Secrets:", secrets),
    "Steps:",
    ...plan.steps.map((s, i) => `  ${i + 1}. ${describeStep(s, plan)}`),
    ...list("Notes:", plan.notes),
    ...list(
      "A real deploy would stop before changing anything:",
      plan.problems.map((p) => `${p.message}\n      Fix: ${p.fix}`),
    ),
  ].join("\n");
}
