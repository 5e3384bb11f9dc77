// The bridge test project's extra bindings, read by vitest.config.mts in Node (it reads wrangler.toml's vars).
import { varsOf } from "../../scripts/local-fixtures.mjs";
import { CATCH_SECRETS, FULL_TOKEN, PREVIOUS_WEBHOOK_SECRET, READ_TOKEN, WEBHOOK_SECRET } from "./test-bindings";

/** The shipped recipes (wrangler.toml) plus one signed with an HMAC header, mapping a nested payload. */
function testRecipes(): string {
  const shipped = JSON.parse(String(varsOf("workers/bridge/wrangler.toml").RECIPES));
  return JSON.stringify([
    ...shipped,
    {
      id: "signed-form",
      action: "create_contact",
      auth: "hmac",
      fields: {
        first_name: { from: ["contact.full_name"], transform: "first_name" },
        last_name: { from: ["contact.full_name"], transform: "last_name" },
        email: { from: "contact.email", transform: ["trim", "lowercase"] },
        phone: { from: "answers.0.text", transform: "phone" },
        contact_type: { const: "lender" },
      },
    },
  ]);
}

export const BRIDGE_TEST_BINDINGS = {
  RECIPES: testRecipes(),
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
