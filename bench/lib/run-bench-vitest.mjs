// Runs one workerd benchmark (a vitest config) in a child process and returns the JSON it printed after `marker`.
import { spawnSync } from "node:child_process";

/**
 * @param {{ config: string, files?: string[], marker?: string, what: string, env?: Record<string, string> }} o
 * @returns {any} the parsed JSON of the first line containing the marker
 */
export function runBenchVitest({ config, files = [], marker = "BENCH_RESULT ", what, env = {} }) {
  const r = spawnSync("npx", ["vitest", "run", "--config", config, ...files], {
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  const line = `${r.stdout}\n${r.stderr}`.split("\n").find((l) => l.includes(marker));
  if (r.status !== 0 || !line) {
    process.stderr.write((r.stdout + r.stderr).slice(-20_000));
    throw new Error(`${what} failed`);
  }
  return JSON.parse(line.slice(line.indexOf(marker) + marker.length));
}
