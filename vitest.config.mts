import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
export default defineConfig({
  test: {
    globalSetup: ["test/support/capture-server.ts"],
    projects: [
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: { name: "sandbox", include: ["test/sandbox/**/*.test.ts"], globalSetup: ["test/support/capture-server.ts"] },
      },
    ],
  },
});
