import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";
import { renderDeployConfig } from "../../scripts/deploy/deploy-config.ts";
import { fixtureConnector } from "./support.ts";

describe("the generated deploy config", () => {
  it("is the committed config plus the ids, and wrangler reads it with every path meaning the same", () => {
    const fanout = fixtureConnector("fanout");
    const ids = {
      kv: { ACTUALLYCARE_KV: "8c1e4a7f2b9d4e6c8a0f1b3d5e7c9a2b", ROUTE_CACHE: "1f3e5c7a9b0d2e4f6a8c0e2b4d6f8a1c" },
      d1: { FANOUT_DB: "5d0e8a3c-1f27-4b6e-9c4d-2a7b8e1f0c93" },
    };
    const generated = join(fanout.dir, "wrangler.deploy.jsonc");
    writeFileSync(generated, renderDeployConfig(fanout.raw, ids, "wrangler.toml"));

    const original = unstable_readConfig({ config: join(fanout.dir, "wrangler.toml") }, { hideWarnings: true });
    const deployed = unstable_readConfig({ config: generated }, { hideWarnings: true });
    expect(deployed.main).toBe(original.main);
    expect(deployed.kv_namespaces).toEqual([
      { binding: "ACTUALLYCARE_KV", id: ids.kv.ACTUALLYCARE_KV },
      { binding: "ROUTE_CACHE", id: ids.kv.ROUTE_CACHE },
    ]);
    expect(deployed.d1_databases).toEqual([{ ...original.d1_databases[0], database_id: ids.d1.FANOUT_DB }]);
    expect(deployed.queues).toEqual(original.queues);
    expect(deployed.secrets).toEqual(original.secrets);
    expect(deployed.observability).toEqual(original.observability);
    expect(deployed.vars).toEqual(original.vars);
  });

  it("refuses to be written while a resource it binds has no id yet", () => {
    const fanout = fixtureConnector("fanout");
    expect(() => renderDeployConfig(fanout.raw, { kv: { ACTUALLYCARE_KV: null }, d1: {} }, "wrangler.toml")).toThrow(
      /no id yet for ACTUALLYCARE_KV/,
    );
  });
});
