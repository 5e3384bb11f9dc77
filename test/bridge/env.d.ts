// Bindings the bridge test project adds (vitest.config.mts, test/bridge/test-bindings.ts): the sandbox, the optional
// secrets and the worker's migrations.
declare namespace Cloudflare {
  interface Env {
    ACTUALLYCARE_API: Fetcher;
    WEBHOOK_SECRET_PREVIOUS?: string;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}
