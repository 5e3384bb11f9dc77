import type { TestProject } from "vitest/node";
import { createServer } from "node:http";
export default async function setup(project: TestProject) {
  const seen: string[] = [];
  const server = createServer((req, res) => { seen.push(req.url ?? ""); res.end("got " + seen.length); });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  project.provide("captureUrl", `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`);
  return () => new Promise<void>((r) => server.close(() => r()));
}
declare module "vitest" { export interface ProvidedContext { captureUrl: string } }
