import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { SANDBOX_FIXTURE_KEY, varsOf } from "../../scripts/local-fixtures.mjs";

/** A worker started with `wrangler dev`, as `npm start` starts it. */
export interface LocalWorker {
  url: string;
  stop(): void;
}

export async function freePort(): Promise<number> {
  // A port the kernel just freed may come back on the next call, before the first caller has bound it (a playground
  // and its neighbour's inspector on one port): each port is handed out once per process.
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const addr = server.address();
        server.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

const handedOut = new Set<number>();

/** Starts `wrangler dev` for a config on a port and resolves once it answers `/health`. */
export async function startWorker(
  config: string,
  port: number,
  persistTo: string,
  extraArgs: string[] = [],
): Promise<LocalWorker> {
  const child: ChildProcess = spawn(
    "npx",
    [
      "wrangler",
      "dev",
      "-c",
      config,
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--inspector-port",
      String(await freePort()),
      "--persist-to",
      persistTo,
      "--show-interactive-dev-session=false",
      ...extraArgs,
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" }, detached: true },
  );
  let output = "";
  child.stdout?.on("data", (c) => (output += c));
  child.stderr?.on("data", (c) => (output += c));
  const url = `http://localhost:${port}`;
  const until = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev -c ${config} exited:\n${output}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) throw new Error(`wrangler dev -c ${config} did not start in 90 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: () => {
      // The process group: npx, wrangler and workerd alike.
      if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
    },
  };
}

function migrate(database: string, config: string, persistTo: string): void {
  const r = spawnSync(
    "npx",
    ["wrangler", "d1", "migrations", "apply", database, "--local", "-c", config, "--persist-to", persistTo],
    { encoding: "utf8", env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" } },
  );
  if (r.status !== 0) throw new Error(`D1 migrations of ${database} failed:\n${r.stdout}\n${r.stderr}`);
}

/**
 * The playground, lead-intake and escrow-digest, wired as `npm start` wires them (escrow-digest's .dev.vars: the
 * outbox as its email API, the sandbox's clock as its today), on free ports with their own state.
 */
export async function startLocalWorkers() {
  const persistTo = mkdtempSync(join(".wrangler", "browser-test-"));
  const [playgroundPort, intakePort, digestPort] = [await freePort(), await freePort(), await freePort()];
  const playgroundUrl = `http://localhost:${playgroundPort}`;
  const intakeConfig = "workers/lead-intake/wrangler.toml";
  const digestConfig = "workers/escrow-digest/wrangler.toml";
  migrate("actuallycare-lead-intake", intakeConfig, persistTo);
  migrate("actuallycare-escrow-digest", digestConfig, persistTo);

  // The shipped demo form, allowed on this run's playground origin instead of :8787.
  const forms = JSON.parse(String(varsOf(intakeConfig).FORMS)) as Array<{ allowedOrigins: string[] }>;
  for (const f of forms) f.allowedOrigins = [playgroundUrl];
  const envFile = join(persistTo, "lead-intake.env");
  writeFileSync(
    envFile,
    [
      `ACTUALLYCARE_API_KEY=${SANDBOX_FIXTURE_KEY}`,
      `OPERATOR_TOKEN=${randomBytes(16).toString("hex")}`,
      `FORM_SIGNING_SECRET=${randomBytes(32).toString("hex")}`,
      `ACTUALLYCARE_BASE_URL=${playgroundUrl}/v1`,
      `FORMS=${JSON.stringify(forms)}`,
    ].join("\n"),
  );
  const digestUrl = `http://localhost:${digestPort}`;
  const digestOperatorToken = randomBytes(16).toString("hex");
  const digestEnvFile = join(persistTo, "escrow-digest.env");
  writeFileSync(
    digestEnvFile,
    [
      `ACTUALLYCARE_API_KEY=${SANDBOX_FIXTURE_KEY}`,
      `OPERATOR_TOKEN=${digestOperatorToken}`,
      `ACTUALLYCARE_BASE_URL=${playgroundUrl}/v1`,
      `UNSUBSCRIBE_SECRET=${randomBytes(32).toString("hex")}`,
      "RESEND_API_KEY=re_local_outbox",
      `EMAIL_API_URL=${playgroundUrl}/__outbox`,
      `DEV_CLOCK_URL=${playgroundUrl}/__sandbox/clock`,
      `PUBLIC_URL=${digestUrl}`,
    ].join("\n"),
  );
  const intakeUrl = `http://localhost:${intakePort}`;
  const playground = await startWorker("wrangler.toml", playgroundPort, persistTo, [
    "--var",
    `LEAD_INTAKE_URL:${intakeUrl}`,
  ]);
  // The connectors need only the playground: started side by side.
  const [intake, digest] = await Promise.all([
    startWorker(intakeConfig, intakePort, persistTo, ["--env-file", envFile]),
    startWorker(digestConfig, digestPort, persistTo, ["--env-file", digestEnvFile]),
  ]);
  return {
    playgroundUrl,
    intakeUrl,
    digestUrl,
    digestOperatorToken,
    apiKey: SANDBOX_FIXTURE_KEY,
    stop() {
      digest.stop();
      intake.stop();
      playground.stop();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}
