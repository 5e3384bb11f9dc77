// Bindings the lead-intake test project adds (vitest.config.mts): the sandbox, and the worker's migrations.
declare namespace Cloudflare {
  interface Env {
    ACTUALLYCARE_API: Fetcher;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}
