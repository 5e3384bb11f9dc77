import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { version } from "../../package.json";

describe("lead-intake /health", () => {
  it("reports its name and the project version in the envelope", async () => {
    const res = await SELF.fetch("http://localhost/health");
    expect(res.status).toBe(200);
    const body = await res.json<{ success: boolean; data: unknown }>();
    expect(body.success).toBe(true);
    expect(body.data).toEqual({ name: "lead-intake", version, ok: true });
  });

  it("answers unknown routes with the API's error envelope", async () => {
    const res = await SELF.fetch("http://localhost/nope");
    expect(res.status).toBe(404);
    const body = await res.json<{ success: boolean; error: { code: string; errorId: string } }>();
    expect(body.success).toBe(false);
    expect(body.error.code).toBe("NOT_FOUND");
    expect(body.error.errorId).toMatch(/^ERR_\d+_[0-9a-z]{6}$/);
  });
});
