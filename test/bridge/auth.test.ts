import { beforeEach, describe, expect, it } from "vitest";
import { bridge, expectError, resetAll } from "./bridge-helpers";
import { FULL_TOKEN, READ_TOKEN } from "./test-bindings";

beforeEach(resetAll);

describe("GET /me", () => {
  it("names the token and the ActuallyCare user the bridge acts as", async () => {
    const r = await bridge("/me");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      token: { label: "Zapier (test)", scopes: ["read", "write"] },
      user: { email: "jordan.lee@example.com", name: "Jordan Lee", role: "agent" },
      team: null,
      connection_label: "Jordan Lee (jordan.lee@example.com) via Zapier (test)",
    });
    expect(JSON.stringify(r.body)).not.toContain("Sandbox123");
  });

  it("works with a read-only token", async () => {
    const r = await bridge("/me", { token: READ_TOKEN });
    expect(r.status).toBe(200);
    expect(r.body.token).toEqual({ label: "Dashboard (read-only)", scopes: ["read"] });
  });

  it("refuses a missing, malformed or unknown token with 401", async () => {
    expectError(await bridge("/me", { token: null }), 401, "UNAUTHORIZED");
    expectError(await bridge("/me", { token: null, headers: { Authorization: "Basic abc" } }), 401, "UNAUTHORIZED");
    expectError(await bridge("/me", { token: `${FULL_TOKEN}x` }), 401, "INVALID_TOKEN");
    expectError(await bridge("/me", { token: FULL_TOKEN.slice(0, -1) }), 401, "INVALID_TOKEN");
  });

  it("accepts the Bearer scheme in any case", async () => {
    const r = await bridge("/me", { token: null, headers: { Authorization: `bearer ${READ_TOKEN}` } });
    expect(r.status).toBe(200);
  });
});
