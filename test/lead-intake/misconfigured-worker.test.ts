import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../../workers/lead-intake/src/index";

/** The worker with some bindings replaced (a fresh object, so the per-isolate config cache does not apply). */
async function fetchWith(overrides: Record<string, unknown>, path: string) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`http://localhost:8788${path}`), { ...env, ...overrides } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("a misconfigured deployment", () => {
  it("answers every route, health included, with 500 CONFIG_INVALID and logs why, never the secret", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const badKey = "not-a-key-but-a-secret-value";
    for (const path of ["/health", "/f/demo"]) {
      const res = await fetchWith({ ACTUALLYCARE_API_KEY: badKey }, path);
      expect(res.status).toBe(500);
      const body = (await res.json()) as { success: boolean; error: { code: string; message: string } };
      expect(body.success).toBe(false);
      expect(body.error.code).toBe("CONFIG_INVALID");
      expect(JSON.stringify(body)).not.toContain("ACTUALLYCARE_API_KEY");
    }
    const logged = log.mock.calls.flat().join("\n");
    expect(logged).toContain("ACTUALLYCARE_API_KEY must be a 64-hex ActuallyCare API key");
    expect(logged).not.toContain(badKey);
    log.mockRestore();
  });

  it("names every problem of a bad FORMS in the log", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const forms = JSON.stringify([{ id: "Bad Id", intent: "renter", allowedOrigins: ["https://x.example/path"] }]);
    expect((await fetchWith({ FORMS: forms }, "/health")).status).toBe(500);
    const logged = log.mock.calls.flat().join("\n");
    expect(logged).toMatch(/0\.id: Form ids are lower-case/);
    expect(logged).toMatch(/0\.intent: Invalid option/);
    expect(logged).toMatch(/0\.allowedOrigins\.0: Expected an origin/);
    log.mockRestore();
  });
});
