import { expect, it } from "vitest";
import { runCommand } from "../../scripts/deploy/wrangler-cli.ts";

// A command that exits without reading its stdin closes the pipe while we still write: the EPIPE must not crash
// the deploy (it did, now and then, in a dry run); the command's own exit status is the answer.
it("a command that never reads its stdin: its exit status, not an EPIPE crash", async () => {
  const input = "x".repeat(8 * 1024 * 1024);
  expect((await runCommand("sh", ["-c", "exit 0"], { input })).status).toBe(0);
  expect((await runCommand("sh", ["-c", "exit 3"], { input })).status).toBe(3);
  // And one that reads it still gets all of it.
  const read = await runCommand("sh", ["-c", "wc -c"], { input });
  expect(read.stdout.trim()).toBe(String(input.length));
});
