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

it("every real connector that binds ACTUALLYCARE_KV gets the one shared namespace, the same id in each plan", () => {
  const account = recordedAccount();
  const shared = account.kv.get("actuallycare-shared");
  const plans = ["lead-intake", "escrow-digest", "bridge", "webhook-fanout"].map((name) => {
    const w = loadWorker(name, `workers/${name}/wrangler.toml`);
    return { name, binds: w.spec.kv.some((k) => k.shared), plan: buildPlan(w.spec, account, ctx) };
  });
  const binding = plans.filter((p) => p.binds);
  // The three that call the API; webhook-fanout binds no KV at all.
  expect(binding.map((p) => p.name)).toEqual(["lead-intake", "escrow-digest", "bridge"]);
  for (const p of binding) expect([p.name, p.plan.ids.kv[SHARED_KV_BINDING]]).toEqual([p.name, shared]);
  // Found, so none of them plans to create a namespace.
  for (const p of plans) expect(p.plan.steps.filter((s) => s.kind === "create-kv")).toEqual([]);

  // In an empty account the first creates it and, once created, the next finds that one rather than a second.
  const empty = recordedAccount({ kv: new Map() });
  const first = buildPlan(loadWorker("escrow-digest", "workers/escrow-digest/wrangler.toml").spec, empty, ctx);
  expect(first.steps.filter((s) => s.kind === "create-kv").map((s) => s.kind === "create-kv" && s.title)).toEqual([
    "actuallycare-shared",
  ]);
  const after = recordedAccount({ kv: new Map([["actuallycare-shared", "5e1f0c2b9a8d4e7f8a6b3c2d1e0f9a8b"]]) });
  const second = buildPlan(loadWorker("bridge", "workers/bridge/wrangler.toml").spec, after, ctx);
  expect(second.ids.kv[SHARED_KV_BINDING]).toBe("5e1f0c2b9a8d4e7f8a6b3c2d1e0f9a8b");
  expect(second.steps.some((s) => s.kind === "create-kv")).toBe(false);
});
