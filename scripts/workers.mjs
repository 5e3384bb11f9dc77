// The deployable workers of this repository: the playground (root wrangler.toml)
// and the four connectors. Scripts iterate over this one list.
export const WORKERS = [
  { name: "playground", config: "wrangler.toml", typesFile: "sandbox/worker-configuration.d.ts", port: 8787 },
  ...["lead-intake", "bridge", "escrow-digest", "webhook-fanout"].map((name, i) => ({
    name,
    config: `workers/${name}/wrangler.toml`,
    typesFile: `workers/${name}/worker-configuration.d.ts`,
    port: 8788 + i,
  })),
];
