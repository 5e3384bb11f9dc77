import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The drain benchmark: real time, inside workerd, against the sandbox (not part of `npm test`). */
export default defineConfig({
  plugins: [
    cloudflareTest({ wrangler: { configPath: `${root}/wrangler.toml` }, miniflare: { kvNamespaces: ["CLIENT_KV"] } }),
  ],
  test: {
    name: "bench",
    root,
    include: ["bench/drain.bench-run.ts"],
    testTimeout: 900_000,
    hookTimeout: 60_000,
  },
});
