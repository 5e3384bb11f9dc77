// Test credentials of the bridge project (sandbox ones and test tokens, never real ones), shared by the tests and
// vitest-bindings.ts. Workerd loads this file: it must not import Node-only code.

/** A full-scope and a read-only bridge token. */
export const FULL_TOKEN = "test-bridge-full-token-0123456789abcdef";
export const READ_TOKEN = "test-bridge-read-token-0123456789abcdef";
/** The secret of the bridge's webhook subscription in the sandbox, and the one before a rotation. */
export const WEBHOOK_SECRET = "test-bridge-webhook-secret-0001";
export const PREVIOUS_WEBHOOK_SECRET = "test-bridge-webhook-secret-0000";
export const CATCH_SECRETS = {
  "web-form": "test-catch-secret-web-form-0123",
  "signed-form": "test-catch-secret-signed-0123",
};
