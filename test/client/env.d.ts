// The `client` test project (vitest.config.mts) adds this KV namespace to the playground's bindings.
declare namespace Cloudflare {
  interface Env {
    CLIENT_KV: KVNamespace;
  }
}
