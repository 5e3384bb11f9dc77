import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { renderDeployConfig } from "../../scripts/deploy/deploy-config.ts";
import { loadWorker } from "../../scripts/deploy/load-worker.ts";
import { buildPlan } from "../../scripts/deploy/plan.ts";
import { SHARED_KV_BINDING } from "../../scripts/deploy/worker-spec.ts";
import { fixtureConnector, recordedAccount } from "./support.ts";

const ctx = { env: {}, interactive: true, rootScripts: new Set<string>() };

it("two connectors' plans bind ACTUALLYCARE_KV to the same namespace id, and so do their generated configs", () => {
  const account = recordedAccount();
  const lead = loadWorker("lead-intake", "workers/lead-intake/wrangler.toml");
  const fanout = fixtureConnector("fanout");
  const [a, b] = [lead, fanout].map((w) => buildPlan(w.spec, account, ctx));
  const shared = account.kv.get("actuallycare-shared");
  expect(shared).toMatch(/^[0-9a-f]{32}$/);
  expect(a?.ids.kv[SHARED_KV_BINDING]).toBe(shared);
  expect(b?.ids.kv[SHARED_KV_BINDING]).toBe(shared);
  // The worker's own namespace is its own, not the shared one.
  expect(b?.ids.kv.ROUTE_CACHE).toBeNull();

  const kvOf = (text: string) =>
    JSON.parse(text.replace(/^\/\/.*$/gm, "")).kv_namespaces.find(
      (k: { binding: string }) => k.binding === SHARED_KV_BINDING,
    )?.id;
  const ids = { kv: { ...b?.ids.kv, ROUTE_CACHE: "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a" }, d1: { FANOUT_DB: "x" } };
  expect(kvOf(renderDeployConfig(lead.raw, { kv: a?.ids.kv ?? {}, d1: a?.ids.d1 ?? {} }, "lead"))).toBe(shared);
  expect(kvOf(renderDeployConfig(fanout.raw, ids, "fanout"))).toBe(shared);
  // And the committed configs carry no id at all: nothing account-specific is in the repository.
  expect(readFileSync("workers/lead-intake/wrangler.toml", "utf8")).not.toMatch(/^id\s*=/m);
});
