import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** One Vitest project per worker, each running inside workerd with that worker's own wrangler.toml. */
const worker = (name: string, configPath: string) => ({
  plugins: [cloudflareTest({ wrangler: { configPath } })],
  test: {
    name,
    include: [`test/${name}/**/*.test.ts`],
    globalSetup: ["test/global/capture-server.ts"],
  },
});

/** Code in shared/ is tested in workerd too, with no worker of its own. */
const shared = {
  plugins: [
    cloudflareTest({
      miniflare: { compatibilityDate: "2026-11-01", compatibilityFlags: ["nodejs_compat"], kvNamespaces: ["TEST_KV"] },
    }),
  ],
  test: { name: "shared", include: ["test/shared/**/*.test.ts"] },
};

/**
 * The typed client against the sandbox: the playground's config (so `SELF` is the sandbox) plus a KV namespace
 * for the client's token cache and cool-down markers; the plugin merges `miniflare` options into the wrangler ones.
 */
const client = {
  plugins: [
    cloudflareTest({ wrangler: { configPath: "./wrangler.toml" }, miniflare: { kvNamespaces: ["CLIENT_KV"] } }),
  ],
  test: { name: "client", include: ["test/client/**/*.test.ts"], globalSetup: ["test/global/capture-server.ts"] },
};

export default defineConfig({
  test: {
    projects: [
      shared,
      worker("sandbox", "./wrangler.toml"),
      client,
      ...["lead-intake", "bridge", "escrow-digest", "webhook-fanout"].map((n) =>
        worker(n, `./workers/${n}/wrangler.toml`),
      ),
    ],
  },
});
