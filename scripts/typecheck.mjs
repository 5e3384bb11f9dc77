// Type-checks every TypeScript project: shared/ alone, then each test folder,
// whose tsconfig also covers its worker's source and that worker's own Env.
import { existsSync, readdirSync } from "node:fs";
import { run } from "./run.mjs";

const projects = [
  "tsconfig.json",
  ...readdirSync("test")
    .map((d) => `test/${d}/tsconfig.json`)
    .filter(existsSync),
];
for (const p of projects) {
  console.log(`tsc -p ${p}`);
  run("tsc", ["--noEmit", "-p", p]);
}
