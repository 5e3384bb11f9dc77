// Bindings the lead-intake test project adds (vitest.config.mts): the sandbox, the Turnstile test secret, and the
// worker's migrations.
declare namespace Cloudflare {
  interface Env {
    ACTUALLYCARE_API: Fetcher;
    TURNSTILE_SECRET_KEY?: string;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}
