import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { WORKER } from "./intake-helpers";

// embed.js and form.css run the Worker first (wrangler.toml run_worker_first): GET and HEAD are the asset layer's
// answer, any other method the envelope's 405 (the asset layer alone would answer a bare 405).
describe("the static files", () => {
  it("are served on GET and HEAD, with their type and a validator", async () => {
    for (const [path, type] of [
      ["/embed.js", /javascript/],
      ["/form.css", /text\/css/],
    ] as const) {
      const res = await SELF.fetch(`${WORKER}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("Content-Type"), path).toMatch(type);
      expect((await res.text()).length, path).toBeGreaterThan(100);
      const head = await SELF.fetch(`${WORKER}${path}`, { method: "HEAD" });
      expect(head.status, path).toBe(200);
      const etag = res.headers.get("ETag");
      if (etag) {
        const again = await SELF.fetch(`${WORKER}${path}`, { headers: { "If-None-Match": etag } });
        expect(again.status, path).toBe(304);
      }
    }
  });

  it("refuse every other method with 405 in the envelope", async () => {
    for (const path of ["/embed.js", "/form.css"]) {
      for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
        const res = await SELF.fetch(`${WORKER}${path}`, { method, body: method === "DELETE" ? undefined : "x" });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get("Allow")).toBe("GET, HEAD");
        const body = (await res.json()) as { success: boolean; error: { code: string; message: string } };
        expect(body.success).toBe(false);
        expect(body.error).toMatchObject({ code: "METHOD_NOT_ALLOWED", message: "Use GET" });
      }
    }
  });
});
