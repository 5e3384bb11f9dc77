import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The drain and escrow-digest benchmarks: real time, inside workerd, against the sandbox (not part of `npm test`). */
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: `${root}/wrangler.toml` },
      miniflare: {
        kvNamespaces: ["CLIENT_KV"],
        // escrow-digest's benchmark keeps its timeline cache in its own D1, as the worker does.
        d1Databases: ["BENCH_DIGEST_DB"],
        bindings: { BENCH_DIGEST_MIGRATIONS: await readD1Migrations(`${root}/workers/escrow-digest/migrations`) },
      },
    }),
  ],
  test: {
    name: "bench",
    root,
    include: ["bench/drain.bench-run.ts", "bench/escrow-digest.bench-run.ts"],
    testTimeout: 900_000,
    hookTimeout: 60_000,
  },
});
