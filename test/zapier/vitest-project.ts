// The Zapier app's Vitest project (vitest.config.mts): Node, with the playground and the bridge under wrangler dev.
export const zapierProject = {
  test: {
    name: "zapier",
    include: ["test/zapier/**/*.test.ts"],
    environment: "node" as const,
    globalSetup: ["test/zapier/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
};
