// Runs wrangler and captures what it says.
import { spawn } from "node:child_process";

export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the command's stdin, then closed (a secret's value: never on the command line). */
  input?: string;
  /** Also shows the command's output as it runs (long commands: deploy, migrations). */
  tee?: (chunk: string) => void;
  env?: Record<string, string>;
  cwd?: string;
}

/** Spawns a command with stdin piped, so wrangler never prompts: it takes its non-interactive defaults. */
export function runCommand(cmd: string, args: string[], options: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ["pipe", "pipe", "pipe"],
      cwd: options.cwd,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      options.tee?.(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      options.tee?.(chunk);
    });
    child.on("error", reject);
    // A command that exits without reading its stdin (most do) closes the pipe first: the EPIPE that follows is not
    // a failure of ours, and unhandled it would crash the deploy. The exit status says whether the command worked.
    child.stdin.on("error", () => {});
    child.on("close", (code, signal) => resolve({ status: code ?? (signal ? 128 : 1), stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/**
 * `wrangler <args>`: the first `wrangler` on PATH (under npm scripts, the repository's own), or the executable named
 * by ACTUALLYCARE_WRANGLER (another install; the README tests' recording fake, since `npm run` puts
 * node_modules/.bin first on PATH).
 */
export function runWrangler(args: string[], options: RunOptions = {}): Promise<CommandResult> {
  return runCommand(process.env.ACTUALLYCARE_WRANGLER || "wrangler", args, options);
}
