// Beside the deploy tool's tests (Node, no workerd): npm start's local setup that lets the playground read the
// local fan-out's delivery log. The token is copied, kept in sync, and the developer's own lines are kept.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ensurePlaygroundDevVars } from "../../scripts/local-setup.mjs";

it("writes the fan-out's admin URL and operator token into the playground's .dev.vars, and follows a new token", () => {
  const dir = mkdtempSync(join(tmpdir(), "playground-dev-vars-"));
  const file = join(dir, ".dev.vars");
  const fanoutDevVars = join(dir, "fanout.dev.vars");
  writeFileSync(fanoutDevVars, "# local\nACTUALLYCARE_WEBHOOK_SECRET=local_x\nOPERATOR_TOKEN=aaaa1111\n");
  writeFileSync(file, "MY_OWN=kept\nFANOUT_OPERATOR_TOKEN=stale\n");

  ensurePlaygroundDevVars("http://localhost:8791", { file, fanoutDevVars });
  const first = readFileSync(file, "utf8");
  expect(first).toContain("MY_OWN=kept\n");
  expect(first).toContain("FANOUT_ADMIN_URL=http://localhost:8791\nFANOUT_OPERATOR_TOKEN=aaaa1111\n");
  expect(first).not.toContain("stale");
  expect(statSync(file).mode & 0o077).toBe(0);

  // The fan-out's .dev.vars was recreated with a new token: the next start follows it, nothing duplicated.
  writeFileSync(fanoutDevVars, "OPERATOR_TOKEN=bbbb2222\n");
  ensurePlaygroundDevVars("http://localhost:8791", { file, fanoutDevVars });
  const second = readFileSync(file, "utf8");
  expect(second.match(/^FANOUT_OPERATOR_TOKEN=/gm)).toHaveLength(1);
  expect(second.match(/^# npm start:/gm)).toHaveLength(1);
  expect(second).toContain("FANOUT_OPERATOR_TOKEN=bbbb2222\n");
  expect(second).toContain("MY_OWN=kept\n");
});
