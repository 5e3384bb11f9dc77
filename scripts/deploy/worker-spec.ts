// What a connector needs from a Cloudflare account, derived from its wrangler
// config as wrangler itself reads it (plus a few deploy hints from its
// package.json). Pure: the loader does the reading.
import * as z from "zod";

/** The binding of the one KV namespace every connector shares (the client's rate-limit backoff). */
export const SHARED_KV_BINDING = "ACTUALLYCARE_KV";
/** Its title in the account: found by this title, or created once with it, by whichever connector deploys first. */
export const SHARED_KV_TITLE = "actuallycare-shared";

/** The part of wrangler's normalized config (`unstable_readConfig`) that deploying needs. */
export interface ConfigView {
  name?: string | undefined;
  account_id?: string | undefined;
  compatibility_date?: string | undefined;
  queues?: {
    producers?: { binding: string; queue: string }[] | undefined;
    consumers?: { queue: string; dead_letter_queue?: string | undefined }[] | undefined;
  };
  d1_databases?: {
    binding: string;
    database_name?: string | undefined;
    database_id?: string | undefined;
    migrations_dir?: string | undefined;
  }[];
  kv_namespaces?: { binding: string; id?: string | undefined }[];
  secrets?: { required?: string[] | undefined } | undefined;
  triggers?: { crons?: string[] | undefined };
  send_email?: { name: string; destination_address?: string | undefined }[];
  observability?: { enabled?: boolean | undefined } | undefined;
  workers_dev?: boolean | undefined;
  routes?: unknown[] | undefined;
}

/** `actuallycare.deploy` in a connector's package.json: what the config cannot say. */
export const deployHintsSchema = z.strictObject({
  /** Secrets the worker can run without (e.g. Turnstile's), set only when the environment provides them. */
  optionalSecrets: z.array(z.string()).default([]),
  /** npm scripts (of the repository's package.json) to run after a deploy, with DEPLOYED_URL in their environment. */
  postDeploy: z.array(z.object({ script: z.string(), why: z.string() })).default([]),
  /** What to do next, printed after a deploy; `{url}` is replaced by the deployed URL. */
  next: z.array(z.string()).default([]),
});
export type DeployHints = z.infer<typeof deployHintsSchema>;

export type QueueRole = "producer" | "consumer" | "dead-letter queue";

export interface WorkerSpec {
  /** The connector's folder name under workers/, e.g. `lead-intake`. */
  worker: string;
  /** The Worker's name in Cloudflare (`name` in wrangler.toml). */
  scriptName: string;
  /** The committed config, relative to the repository root. */
  configPath: string;
  /** The generated config a deploy passes to wrangler: the committed one plus the account's resource ids. */
  deployConfigPath: string;
  accountId: string | undefined;
  compatibilityDate: string | undefined;
  queues: { name: string; roles: QueueRole[] }[];
  d1: { binding: string; databaseName: string; databaseId: string | undefined; migrationsDir: string | undefined }[];
  kv: { binding: string; title: string; shared: boolean; pinnedId: string | undefined }[];
  secrets: string[];
  optionalSecrets: string[];
  crons: string[];
  sendEmail: { name: string; destination: string | undefined }[];
  observability: boolean;
  postDeploy: DeployHints["postDeploy"];
  next: string[];
  /** `cloudflare.bindings` descriptions from the connector's package.json (what the Deploy button shows too). */
  descriptions: Record<string, string>;
}

/** Where a connector's generated deploy config goes: beside its wrangler.toml, so relative paths mean the same. */
export function deployConfigPathOf(configPath: string): string {
  return configPath.replace(/[^/]+$/, "wrangler.deploy.jsonc");
}

/** A per-worker KV namespace's title (any KV binding but the shared one), as wrangler's provisioning would name it. */
export function kvTitleOf(scriptName: string, binding: string): string {
  return binding === SHARED_KV_BINDING ? SHARED_KV_TITLE : `${scriptName}-${binding.toLowerCase().replace(/_/g, "-")}`;
}

/**
 * The resources, secrets and hooks of one connector. `migrationsDirs` says, per D1 binding, the migrations folder
 * (relative to the repository root) when it holds at least one `.sql` file.
 */
export function specOf(
  worker: string,
  configPath: string,
  config: ConfigView,
  hints: DeployHints,
  migrationsDirs: Record<string, string | undefined> = {},
  descriptions: Record<string, string> = {},
): WorkerSpec {
  if (!config.name) throw new Error(`${configPath} has no \`name\`: wrangler cannot deploy it`);
  const scriptName = config.name;
  const queues = new Map<string, QueueRole[]>();
  const addQueue = (name: string, role: QueueRole) => {
    const roles = queues.get(name) ?? [];
    if (!roles.includes(role)) roles.push(role);
    queues.set(name, roles);
  };
  for (const p of config.queues?.producers ?? []) addQueue(p.queue, "producer");
  for (const c of config.queues?.consumers ?? []) {
    addQueue(c.queue, "consumer");
    if (c.dead_letter_queue) addQueue(c.dead_letter_queue, "dead-letter queue");
  }
  return {
    worker,
    scriptName,
    configPath,
    deployConfigPath: deployConfigPathOf(configPath),
    accountId: config.account_id,
    compatibilityDate: config.compatibility_date,
    queues: [...queues].map(([name, roles]) => ({ name, roles })),
    d1: (config.d1_databases ?? []).map((d) => {
      if (!d.database_name) throw new Error(`${configPath}: D1 binding ${d.binding} needs a database_name`);
      return {
        binding: d.binding,
        databaseName: d.database_name,
        databaseId: d.database_id,
        migrationsDir: migrationsDirs[d.binding],
      };
    }),
    kv: (config.kv_namespaces ?? []).map((k) => ({
      binding: k.binding,
      title: kvTitleOf(scriptName, k.binding),
      shared: k.binding === SHARED_KV_BINDING,
      pinnedId: k.id,
    })),
    secrets: config.secrets?.required ?? [],
    optionalSecrets: hints.optionalSecrets,
    crons: config.triggers?.crons ?? [],
    sendEmail: (config.send_email ?? []).map((s) => ({ name: s.name, destination: s.destination_address })),
    observability: config.observability?.enabled === true,
    postDeploy: hints.postDeploy,
    next: hints.next,
    descriptions,
  };
}
