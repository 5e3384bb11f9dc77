// The bridge test project's extra bindings (vitest.config.mts): sandbox credentials and test tokens, never real ones.

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

export const BRIDGE_TEST_BINDINGS = {
  ACTUALLYCARE_EMAIL: "jordan.lee@example.com",
  ACTUALLYCARE_PASSWORD: "Sandbox123",
  BRIDGE_TOKENS: JSON.stringify([
    { label: "Zapier (test)", token: FULL_TOKEN, scopes: ["read", "write"] },
    { label: "Dashboard (read-only)", token: READ_TOKEN, scopes: ["read"] },
  ]),
  WEBHOOK_SECRET,
  WEBHOOK_SECRET_PREVIOUS: PREVIOUS_WEBHOOK_SECRET,
  CATCH_SECRETS: JSON.stringify(CATCH_SECRETS),
  CLOCK_SOURCE: "sandbox",
};
