import { apiFetch, type Config } from "./env";

/** Epoch ms, as the worker sees it. Every timestamp the bridge writes or compares comes from one of these. */
export type Now = () => number;

/**
 * The clock for one invocation. In production it is the system clock. In development (`CLOCK_SOURCE=sandbox`,
 * allowed only against a local sandbox) it follows the sandbox's settable clock, read once per invocation: the
 * sandbox signs its webhooks with its own time (it starts at its fixture date), so the freshness check on `/ingest`
 * holds as written, without being widened or switched off, and reconciliation compares like with like.
 */
export async function clockFor(env: Env, config: Config, realNow: Now = Date.now): Promise<Now> {
  if (config.clockSource !== "sandbox") return realNow;
  const url = new URL("/__sandbox/clock", config.baseUrl);
  const request = new Request(url, { headers: { Accept: "application/json" } });
  const response = await (apiFetch(env) ?? fetch)(request);
  const body = (await response.json().catch(() => null)) as { data?: { now?: unknown } } | null;
  const sandboxNow = typeof body?.data?.now === "string" ? Date.parse(body.data.now) : Number.NaN;
  if (!response.ok || Number.isNaN(sandboxNow))
    throw new Error(`the sandbox clock did not answer (${response.status})`);
  const offset = sandboxNow - realNow();
  return () => realNow() + offset;
}
