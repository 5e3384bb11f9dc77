import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { parseRecipes } from "../../workers/bridge/src/config/recipes";
import { parseTokens } from "../../workers/bridge/src/config/tokens";
import worker from "../../workers/bridge/src/index";

/** The worker with some bindings replaced (a fresh object, so the per-isolate config cache does not apply). */
async function fetchWith(overrides: Record<string, unknown>, path: string) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`http://localhost:8789${path}`), { ...env, ...overrides } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("a misconfigured bridge", () => {
  it("answers every route, health included, with 500 CONFIG_INVALID and logs why, never a secret", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const secretish = "short-token-value";
    const bad = JSON.stringify([{ label: "x", token: secretish, scopes: ["read"] }]);
    for (const path of ["/health", "/me", "/triggers/lead.created"]) {
      const res = await fetchWith({ BRIDGE_TOKENS: bad }, path);
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe("CONFIG_INVALID");
      expect(JSON.stringify(body)).not.toContain(secretish);
    }
    const logged = log.mock.calls.flat().join("\n");
    expect(logged).toContain("BRIDGE_TOKENS is invalid: 0.token: must be at least 24 characters");
    expect(logged).not.toContain(secretish);
    log.mockRestore();
  });

  it("refuses a recipe without its secret, and the sandbox clock against a real API", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    expect((await fetchWith({ CATCH_SECRETS: "{}" }, "/health")).status).toBe(500);
    const remote = { ACTUALLYCARE_API: undefined, ACTUALLYCARE_BASE_URL: "https://api.actuallycare.com/v1" };
    expect((await fetchWith(remote, "/health")).status).toBe(500);
    expect((await fetchWith({ ...remote, CLOCK_SOURCE: "system" }, "/health")).status).toBe(200);
    const logged = log.mock.calls.flat().join("\n");
    expect(logged).toContain("CATCH_SECRETS has no secret for web-form");
    expect(logged).toContain("CLOCK_SOURCE=sandbox is for a local sandbox only");
    log.mockRestore();
  });
});

describe("config parsing", () => {
  it("names every problem in BRIDGE_TOKENS and RECIPES", () => {
    expect(() => parseTokens("nope")).toThrow("BRIDGE_TOKENS is not valid JSON");
    const t = "t".repeat(30);
    expect(() => parseTokens(JSON.stringify([{ label: "a", token: t, scopes: ["admin"] }]))).toThrow(
      /0\.scopes\.0: Invalid option/,
    );
    expect(() =>
      parseTokens(
        JSON.stringify([
          { label: "a", token: t, scopes: ["read"] },
          { label: "a", token: t, scopes: ["read", "write"] },
        ]),
      ),
    ).toThrow(/Tokens must be unique.*Labels must be unique/);
    expect(() =>
      parseRecipes('[{"id":"x","action":"create_lead","auth":"path","fields":{"name":{"from":"a..b"}}}]'),
    ).toThrow(/0\.fields\.name\.from/);
    expect(() =>
      parseRecipes(
        '[{"id":"x","action":"create_lead","auth":"path","fields":{}},{"id":"x","action":"create_lead","auth":"hmac","fields":{}}]',
      ),
    ).toThrow("Recipe ids must be unique");
  });
});
