import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ensureSubscription } from "../../scripts/webhook-subscription.mjs";
import { EVENTS } from "../../workers/bridge/src/event-log/catalog";
import { resetAll, sandbox } from "./bridge-helpers";

beforeEach(resetAll);

const sandboxFetch = (input: RequestInfo | URL, init?: RequestInit) =>
  env.ACTUALLYCARE_API.fetch(new Request(input, init));
const base = {
  apiBase: "http://sandbox.internal/v1",
  email: "maria.alvarez@example.com",
  password: "Sandbox123",
  url: "https://bridge.example.org/ingest",
  events: EVENTS.map((e) => e.event),
  secret: "bridge-register-secret-1",
  fetch: sandboxFetch as typeof fetch,
};

describe("the register logic (npm run bridge:register)", () => {
  it("creates the subscription once, leaves it alone when unchanged, and updates its secret or events", async () => {
    const first = await ensureSubscription(base);
    expect(first.action).toBe("created");
    expect(await ensureSubscription(base)).toEqual({ action: "unchanged", id: first.id });
    expect(await ensureSubscription({ ...base, secret: "bridge-register-secret-2" })).toEqual({
      action: "updated",
      id: first.id,
    });
    const login = await sandbox("/v1/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: base.email, password: base.password }),
    });
    const hooks = await sandbox("/v1/webhooks", { headers: { Authorization: `Bearer ${login.data.accessToken}` } });
    const mine = hooks.data.filter((w: any) => w.url === base.url);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ secret: "bridge-register-secret-2" });
    expect([...mine[0].events].sort()).toEqual([...base.events].sort());
  });

  it("fails with the API's code, never the password, for a user who may not manage webhooks", async () => {
    const r = ensureSubscription({ ...base, email: "jordan.lee@example.com" });
    await expect(r).rejects.toThrow(/FORBIDDEN/);
    await expect(ensureSubscription({ ...base, password: "Wrong12345" })).rejects.not.toThrow(/Wrong12345/);
  });
});
