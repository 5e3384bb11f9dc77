import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { deployedUrl } from "../../scripts/deploy/executor.ts";
import {
  parseD1List,
  parseKvList,
  parseQueuesTable,
  parseSecretList,
  parseWhoami,
} from "../../scripts/deploy/observed.ts";
import { recorded } from "./support.ts";

describe("reading wrangler's output", () => {
  it("whoami --json: the accounts of a login, or logged out", () => {
    expect(parseWhoami(recorded("whoami.json"))).toEqual({
      loggedIn: true,
      accounts: [{ id: "4f3c1a7e9b2d4c8e8a6f0b1d2c3e4f5a", name: "Brightdoor Realty" }],
    });
    expect(parseWhoami(recorded("whoami-two-accounts.json")).accounts).toHaveLength(2);
    expect(parseWhoami(recorded("whoami-logged-out.json"))).toEqual({ loggedIn: false, accounts: [] });
  });

  it("queues list: the names in the table, after the banner; none in an empty account", () => {
    expect(parseQueuesTable(recorded("queues-list.txt"))).toEqual(
      new Set(["lead-intake-submissions", "listing-photo-resize"]),
    );
    expect(parseQueuesTable(recorded("queues-list-empty.txt"))).toEqual(new Set());
  });

  it("queues list: a table whose columns moved is read by its header, one without a name column refused", () => {
    const moved = "│ name │ id │\n├──┼──┤\n│ q-one │ 1 │\n";
    expect(parseQueuesTable(moved)).toEqual(new Set(["q-one"]));
    expect(() => parseQueuesTable("│ id │ title │\n│ 1 │ x │\n")).toThrow(/table header/);
  });

  it("d1 list --json and kv namespace list: name to id", () => {
    expect(parseD1List(recorded("d1-list.json")).get("actuallycare-lead-intake")).toBe(
      "5d0e8a3c-1f27-4b6e-9c4d-2a7b8e1f0c93",
    );
    expect(parseKvList(recorded("kv-namespace-list.json")).get("actuallycare-shared")).toBe(
      "8c1e4a7f2b9d4e6c8a0f1b3d5e7c9a2b",
    );
  });

  it("secret list: names of a deployed Worker's secrets; null for a Worker never deployed; other failures thrown", () => {
    expect(parseSecretList({ status: 0, stdout: recorded("secret-list.json"), stderr: "" })).toEqual(
      new Set(["ACTUALLYCARE_API_KEY"]),
    );
    expect(parseSecretList({ status: 1, stdout: "", stderr: recorded("secret-list-not-found.stderr") })).toBeNull();
    expect(() =>
      parseSecretList({ status: 1, stdout: "", stderr: "✘ [ERROR] Authentication error [code: 10000]" }),
    ).toThrow(/Authentication error/);
  });

  it("deploy's output file: the workers.dev URL among its targets", () => {
    const file = join(resolve("test/deploy/fixtures/wrangler-output"), "deploy-output.jsonl");
    expect(deployedUrl(file)).toBe("https://actuallycare-lead-intake.brightdoor.workers.dev");
  });
});
