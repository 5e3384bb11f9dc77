// `npm run deploy -- <worker> [--dry-run]`: one connector to the logged-in
// Cloudflare account, idempotently (see README.md, "Deploying a connector").
import { WORKERS } from "../workers.mjs";
import { DeployError } from "./diagnose.ts";
import { deploy } from "./executor.ts";
import { loadWorker } from "./load-worker.ts";
import { askHidden } from "./secret-input.ts";

const CONNECTORS = WORKERS.filter((w) => w.name !== "playground");
const USAGE = `Usage: npm run deploy -- <${CONNECTORS.map((w) => w.name).join("|")}> [--dry-run]`;

async function main(argv: string[]): Promise<number> {
  const dryRun = argv.includes("--dry-run");
  const unknown = argv.filter((a) => a.startsWith("-") && a !== "--dry-run");
  const names = argv.filter((a) => !a.startsWith("-"));
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  if (unknown.length > 0 || names.length !== 1) {
    console.error(unknown.length > 0 ? `Unknown option ${unknown.join(", ")}.\n${USAGE}` : USAGE);
    return 2;
  }
  const name = names[0];
  if (name === "playground") {
    console.error("The playground is a development tool with the sandbox's fixture data: it is never deployed.");
    return 2;
  }
  const worker = CONNECTORS.find((w) => w.name === name);
  if (!worker) {
    console.error(`No connector called "${name}".\n${USAGE}`);
    return 2;
  }
  try {
    await deploy(loadWorker(worker.name, worker.config), {
      dryRun,
      env: process.env,
      interactive: process.stdin.isTTY === true,
      ask: askHidden,
      out: (text) => console.log(text),
    });
    return 0;
  } catch (err) {
    if (!(err instanceof DeployError)) throw err;
    console.error(`\n✖ ${err.message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
