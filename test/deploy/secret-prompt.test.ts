// `npm run deploy` in a terminal asks for each missing secret without echoing it.
// A real pseudo-terminal (util-linux `script`) runs the command as a person would;
// the test types each value only once its prompt is shown.
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { expect, it } from "vitest";
import { FAKE_WRANGLER_DIR, fakeAccount } from "./support.ts";

const hasScript = spawnSync("script", ["--version"]).status === 0;
const GENERATED = "workers/lead-intake/wrangler.deploy.jsonc";

it.runIf(hasScript)(
  "asks for each missing secret in the terminal, echoes nothing, and pipes it to wrangler",
  async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ success: true, data: { name: "lead-intake", version: "0.1.0", ok: true } }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const addr = server.address();
    const deployUrl = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    const fake = fakeAccount({ deployUrl });
    const typed: Record<string, string> = {
      ACTUALLYCARE_API_KEY: "b".repeat(64),
      OPERATOR_TOKEN: "typed-operator-token-42",
      FORM_SIGNING_SECRET: "c".repeat(64),
    };
    try {
      const transcript = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(
          "script",
          ["-qfec", `${process.execPath} scripts/deploy/main.ts lead-intake`, "/dev/null"],
          {
            stdio: ["pipe", "pipe", "pipe"],
            env: { ...process.env, ...fake.env, ACTUALLYCARE_WRANGLER: join(FAKE_WRANGLER_DIR, "wrangler") },
          },
        );
        let out = "";
        const answered = new Set<string>();
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          out += chunk;
          for (const [name, value] of Object.entries(typed)) {
            if (!answered.has(name) && new RegExp(`${name} \\(.*\\): $`).test(out)) {
              answered.add(name);
              child.stdin.write(`${value}\r`);
            }
          }
        });
        child.on("close", (code) => {
          child.stdin.end();
          resolve({ code, out });
        });
      });
      expect(transcript.code, transcript.out).toBe(0);
      expect(transcript.out).toMatch(/OPERATOR_TOKEN \(The bearer token of the operator endpoints.*\): /);
      for (const value of Object.values(typed)) expect(transcript.out).not.toContain(value);
      const puts = fake.calls().filter((c) => c.argv[0] === "secret" && c.argv[1] === "put");
      expect(puts.map((p) => [p.argv[2], p.stdin])).toEqual(Object.entries(typed));
      expect(transcript.out).toContain(`Deployed actuallycare-lead-intake at ${deployUrl}.`);
    } finally {
      server.close();
      rmSync(GENERATED, { force: true });
    }
  },
);
