// Bindings of the `shared` test project (vitest.config.mts), which has no worker of its own.
declare namespace Cloudflare {
  interface Env {
    TEST_KV: KVNamespace;
  }
}
