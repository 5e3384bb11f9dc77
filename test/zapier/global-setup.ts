import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { bridgeDevVarLines, SANDBOX_BROKER } from "../../scripts/bridge-dev-vars.mjs";
import { registerBridge } from "../../scripts/bridge-register.mjs";
import { SANDBOX_FIXTURE_KEY } from "../../scripts/local-fixtures.mjs";
import { freePort, startWorker } from "../browser/local-workers";

declare module "vitest" {
  export interface ProvidedContext {
    bridgeUrl: string;
    playgroundUrl: string;
    fullToken: string;
    readToken: string;
  }
}

/**
 * The Zapier app's tests run it with Zapier's app tester against the real thing: the playground (sandbox) and the
 * bridge under `wrangler dev`, wired as `npm start` wires them (the same .dev.vars lines, migrations and webhook
 * registration), on free ports with their own state.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const persistTo = mkdtempSync(join(".wrangler", "zapier-test-"));
  const [playgroundPort, bridgePort] = [await freePort(), await freePort()];
  const playgroundUrl = `http://localhost:${playgroundPort}`;
  const bridgeUrl = `http://localhost:${bridgePort}`;
  const config = "workers/bridge/wrangler.toml";
  const migrate = spawnSync(
    "npx",
    [
      "wrangler",
      "d1",
      "migrations",
      "apply",
      "actuallycare-bridge",
      "--local",
      "-c",
      config,
      "--persist-to",
      persistTo,
    ],
    { encoding: "utf8", env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" } },
  );
  if (migrate.status !== 0) throw new Error(`D1 migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
  const lines = bridgeDevVarLines();
  const envFile = join(persistTo, "bridge.env");
  writeFileSync(
    envFile,
    [`ACTUALLYCARE_BASE_URL=${playgroundUrl}/v1`, `ACTUALLYCARE_API_KEY=${SANDBOX_FIXTURE_KEY}`, ...lines].join("\n"),
  );
  const value = (name: string) =>
    (lines.find((l) => l.startsWith(`${name}=`)) ?? "").slice(name.length + 1).replace(/^'|'$/g, "");
  const tokens = JSON.parse(value("BRIDGE_TOKENS")) as Array<{ token: string; scopes: string[] }>;
  const playground = await startWorker("wrangler.toml", playgroundPort, persistTo);
  const bridge = await startWorker(config, bridgePort, persistTo, ["--env-file", envFile]);
  await registerBridge({
    apiBase: `${playgroundUrl}/v1`,
    bridgeUrl,
    ...SANDBOX_BROKER,
    secret: value("WEBHOOK_SECRET"),
  });
  project.provide("bridgeUrl", bridgeUrl);
  project.provide("playgroundUrl", playgroundUrl);
  project.provide("fullToken", tokens.find((t) => t.scopes.includes("write"))?.token ?? "");
  project.provide("readToken", tokens.find((t) => !t.scopes.includes("write"))?.token ?? "");
  return () => {
    bridge.stop();
    playground.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
