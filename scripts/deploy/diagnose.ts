// Wrangler's usual failures, recognised in its output, each turned into one
// sentence and its fix. The patterns are wrangler 4's and the Cloudflare API's
// own words (quoted in test/deploy/diagnose.test.ts).
import type { Problem } from "./plan.ts";

export type FailureKind = "login" | "plan" | "name-taken" | "account" | "limit" | "subdomain" | "secrets";

interface Known {
  kind: FailureKind;
  pattern: RegExp;
  problem: (match: RegExpMatchArray, ctx: { worker: string; command: string }) => Problem;
}

const KNOWN: Known[] = [
  {
    kind: "login",
    pattern:
      /You are not authenticated|it's necessary to set a CLOUDFLARE_API_TOKEN|Authentication error \[code: 10000\]|Invalid access token \[code: 9109\]/,
    problem: () => ({
      message: "Wrangler is not logged in to Cloudflare (or its API token was refused).",
      fix: "Run `npx wrangler login`, or set CLOUDFLARE_API_TOKEN to a valid API token (and CLOUDFLARE_ACCOUNT_ID) for CI.",
    }),
  },
  {
    kind: "plan",
    pattern:
      /Queues are unavailable on the free plan|\[code: 100129\]|In order to use Queues, you must enable your account|\[code: 11002\]|workers\.api\.error\.not_entitled/,
    problem: () => ({
      message:
        "This Cloudflare account cannot use Queues yet (its plan does not include them, or they are not enabled).",
      fix:
        "Open the dashboard's Workers & Pages > Queues page once to enable Queues (the Workers Free plan includes 10,000 " +
        "operations a day), or upgrade to Workers Paid under Workers & Pages > Plans; then run the deploy again.",
    }),
  },
  {
    kind: "name-taken",
    pattern:
      /Queue name '(.+?)' is already taken|A database with that name already exists|A KV namespace with the title "(.+?)" already exists|\[code: 1(?:1009|0014)\]/,
    problem: (m, ctx) => ({
      message: `A resource named ${m[1] ?? m[2] ?? "like this one"} already exists but was not listed before \`${ctx.command}\` (another deploy may be running, or wrangler is looking at another account).`,
      fix: `Run \`npm run deploy -- ${ctx.worker}\` again: it reuses what exists. If it fails again, check the account with \`npx wrangler whoami\` and set CLOUDFLARE_ACCOUNT_ID.`,
    }),
  },
  {
    kind: "account",
    pattern: /More than one account available but unable to select one/,
    problem: (_m, ctx) => ({
      message: "Your login can use several Cloudflare accounts and wrangler cannot ask which one here.",
      fix: `Run \`npx wrangler whoami\` for the ids, then CLOUDFLARE_ACCOUNT_ID=<id> npm run deploy -- ${ctx.worker}`,
    }),
  },
  {
    kind: "limit",
    pattern: /You have reached the maximum number of D1 databases for your account/,
    problem: () => ({
      message: "The account has as many D1 databases as its plan allows.",
      fix: "Delete an unused one (`npx wrangler d1 list`, then `npx wrangler d1 delete <name>`) or upgrade the plan.",
    }),
  },
  {
    kind: "subdomain",
    pattern: /You need to register a workers\.dev subdomain/,
    problem: () => ({
      message: "The account has no workers.dev subdomain yet, so the Worker has no URL to deploy to.",
      fix: "Open Workers & Pages in the Cloudflare dashboard once (it offers a subdomain), or run `npx wrangler deploy` in a terminal and accept; then deploy again.",
    }),
  },
  {
    kind: "secrets",
    pattern: /The following required secrets have not been set: (.+)/,
    problem: (m, ctx) => ({
      message: `Wrangler refused the deploy: secrets not set: ${m[1]}.`,
      fix: `Run \`npm run deploy -- ${ctx.worker}\` in a terminal (it asks for them), or set them in the environment.`,
    }),
  },
];

/** The known failure in a failed command's output, if any. */
export function diagnose(
  output: string,
  ctx: { worker: string; command: string },
): (Problem & { kind: FailureKind }) | null {
  for (const k of KNOWN) {
    const m = output.match(k.pattern);
    if (m) return { kind: k.kind, ...k.problem(m, ctx) };
  }
  return null;
}

/** A deploy that stopped: what went wrong and what to do, printed without a stack trace. */
export class DeployError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map((p) => `${p.message}\n  Fix: ${p.fix}`).join("\n"));
    this.name = "DeployError";
    this.problems = problems;
  }
}
