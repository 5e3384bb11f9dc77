// The deploy commands the READMEs show, run as written (plus --dry-run) against
// the recording fake wrangler: they must work, and only look.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { WORKERS } from "../../scripts/workers.mjs";
import { FAKE_WRANGLER_DIR, fakeAccount } from "./support.ts";

const READMES = ["README.md", ...readdirSync("workers").map((w) => `workers/${w}/README.md`)].filter((f) => {
  try {
    return readFileSync(f, "utf8").length > 0;
  } catch {
    return false;
  }
});

/** Every command in a README's `sh` blocks that runs `npm run deploy`, continuation lines joined. */
function deployCommands(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const blocks = [...text.matchAll(/^\s*```sh\n([\s\S]*?)^\s*```/gm)].map((m) => m[1] ?? "");
  return blocks
    .flatMap((b) => b.replace(/\\\n\s*/g, "").split("\n"))
    .map((l) => l.trim())
    .filter((l) => /(^|\s)npm run deploy -- /.test(l));
}

const CONNECTORS = WORKERS.filter((w) => w.name !== "playground").map((w) => w.name);
/** The connector a command deploys: the word after `npm run deploy --`. */
const workerOf = (command: string) => /npm run deploy -- (\S+)/.exec(command)?.[1] ?? "";

const commands = READMES.flatMap((file) => deployCommands(file).map((command) => ({ file, command })));
/** Each distinct command once, with the READMEs that show it. */
const distinct = [...new Set(commands.map((c) => c.command))].map((command) => ({
  command,
  files: [...new Set(commands.filter((c) => c.command === command).map((c) => c.file))],
}));

describe("the READMEs' deploy commands, run with --dry-run", () => {
  it("are there: the top README's and every connector's (deploy and upgrade), the CI one included", () => {
    expect(commands.map((c) => c.file)).toEqual(
      expect.arrayContaining(["README.md", ...CONNECTORS.map((w) => `workers/${w}/README.md`)]),
    );
    expect(commands.some((c) => c.command.includes("LEAD_INTAKE_OPERATOR_TOKEN="))).toBe(true);
    // Each connector's README deploys that connector, with a dry run shown first.
    for (const w of CONNECTORS) {
      const own = commands.filter((c) => c.file === `workers/${w}/README.md`).map((c) => workerOf(c.command));
      expect(new Set(own)).toEqual(new Set([w]));
      expect(commands).toContainEqual({ file: `workers/${w}/README.md`, command: `npm run deploy -- ${w} --dry-run` });
    }
  });

  for (const { files, command } of distinct) {
    it(`${command}   (${files.join(", ")})`, () => {
      const worker = workerOf(command);
      const fake = fakeAccount({ queues: [{ id: "q1", name: "lead-intake-submissions" }] });
      const line = command.includes("--dry-run") ? command : `${command} --dry-run`;
      const r = spawnSync("sh", ["-c", line], {
        encoding: "utf8",
        env: {
          ...process.env,
          ...fake.env,
          ACTUALLYCARE_WRANGLER: join(FAKE_WRANGLER_DIR, "wrangler"),
          CF_API_TOKEN: "not-a-real-token",
          // The CI's secret variables the CI command reads.
          ACTUALLYCARE_API_KEY: "a".repeat(64),
          OPERATOR_TOKEN: "ci-operator-token",
          FORM_SIGNING_SECRET: "f".repeat(64),
        },
      });
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`Deploy plan for ${worker} (actuallycare-${worker})`);
      expect(r.stdout).toContain("Dry run: nothing was changed.");
      // A command that passes secrets in the environment (the CI one) must pass every required one.
      // Each comes from the variable the command sets, not from a plain one the CI happens to have.
      if (/_OPERATOR_TOKEN=/.test(command)) {
        expect(r.stdout).not.toContain("Secrets not set yet");
        expect(r.stdout).not.toMatch(/will be set from \$(?!LEAD_INTAKE_)/);
      }
      // It looked (whoami, then the lists) and changed nothing.
      const calls = fake.calls().map((c) => c.argv.slice(0, 2).join(" "));
      expect(calls[0]).toBe("whoami --json");
      expect(calls.every((c) => /^(whoami|queues list|d1 list|kv namespace|secret list)/.test(c))).toBe(true);
      expect(fake.state().queues).toHaveLength(1);
    });
  }
});

describe("the Deploy to Cloudflare buttons", () => {
  const repository = JSON.parse(readFileSync("package.json", "utf8")).repository.url;
  const connectors = WORKERS.filter((w) => w.name !== "playground").map((w) => w.name);

  it("the top README has one per connector, pointing at its folder in this repository", () => {
    const readme = readFileSync("README.md", "utf8");
    for (const name of connectors) {
      expect(readme).toContain(
        `[![Deploy to Cloudflare](https://deploy.workers.cloudflare.com/button)](https://deploy.workers.cloudflare.com/?url=${repository}/tree/main/workers/${name})`,
      );
    }
  });

  it("each connector's README has its own, for its own folder", () => {
    for (const name of connectors) {
      const buttons = [
        ...readFileSync(`workers/${name}/README.md`, "utf8").matchAll(
          /deploy\.workers\.cloudflare\.com\/\?url=(\S+?)\)/g,
        ),
      ].map((m) => m[1]);
      expect([name, buttons]).toEqual([name, [`${repository}/tree/main/workers/${name}`]]);
    }
  });
});
