// Generates each worker's `Env` from its wrangler.toml (`wrangler types`), or with
// --check fails when a checked-in file is stale. Runtime types come from
// @cloudflare/workers-types, so only the Env part is generated.
import { run } from "./run.mjs";
import { WORKERS } from "./workers.mjs";

const check = process.argv.includes("--check");
for (const w of WORKERS) {
  run(
    "wrangler",
    [
      "types",
      w.typesFile,
      "-c",
      w.config,
      "--include-runtime=false",
      "--strict-vars=false",
      ...(check ? ["--check"] : []),
    ],
    {
      quiet: true,
    },
  );
  console.log(`${check ? "up to date" : "written"}: ${w.typesFile}`);
}
