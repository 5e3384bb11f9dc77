// Bindings the escrow-digest test project adds (vitest.config.mts): the sandbox and its outbox over service
// bindings, Miniflare's send_email binding, the test secrets and the worker's migrations.
declare namespace Cloudflare {
  interface Env {
    ACTUALLYCARE_API: Fetcher;
    EMAIL_API: Fetcher;
    SEND_EMAIL: SendEmail;
    RESEND_API_KEY: string;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}

// The two Babel helpers mimetext imports, compared with our shims (babel-shims.test.ts); they ship no types.
declare module "@babel/runtime-corejs3/core-js/instance/trim" {
  const trim: (value: string) => () => string;
  export default trim;
}
declare module "@babel/runtime-corejs3/helpers/esm/defineProperty" {
  const defineProperty: <T extends object>(obj: T, key: PropertyKey, value: unknown) => T;
  export default defineProperty;
}
