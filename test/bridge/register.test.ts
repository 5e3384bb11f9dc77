import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { registerBridge, registerBridgeFromArgs } from "../../scripts/bridge-register.mjs";
import { UsageError } from "../../scripts/register-webhook.mjs";
import { EVENTS } from "../../workers/bridge/src/event-log/catalog";
import { resetAll, sandbox } from "./bridge-helpers";

beforeEach(resetAll);

const sandboxFetch = (input: RequestInfo | URL, init?: RequestInit) =>
  env.ACTUALLYCARE_API.fetch(new Request(input, init));
const base = {
  apiBase: "http://sandbox.internal/v1",
  email: "maria.alvarez@example.com",
  password: "Sandbox123",
  bridgeUrl: "https://bridge.example.org/",
  secret: "bridge-register-secret-1",
  fetch: sandboxFetch as typeof fetch,
};
const url = "https://bridge.example.org/ingest";
const events = EVENTS.map((e) => e.event);

async function subscriptions() {
  const login = await sandbox("/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: base.email, password: base.password }),
  });
  const hooks = await sandbox("/v1/webhooks", { headers: { Authorization: `Bearer ${login.data.accessToken}` } });
  return hooks.data.filter((w: any) => w.url.startsWith("https://bridge.example.org"));
}

describe("the register logic (npm run bridge:register, fan-out's register code)", () => {
  it("creates the subscription once, leaves it alone when unchanged, and updates its secret", async () => {
    const first = await registerBridge(base);
    expect(first).toMatchObject({ action: "create", url, changes: ["url", "events", "secret"], dryRun: false });
    expect(first.id).toMatch(/^wh_[0-9a-f]{12}$/);
    expect(await registerBridge(base)).toMatchObject({ action: "unchanged", id: first.id, changes: [] });
    expect(await registerBridge({ ...base, secret: "bridge-register-secret-2" })).toMatchObject({
      action: "update",
      id: first.id,
      changes: ["secret"],
    });
    const mine = await subscriptions();
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ url, secret: "bridge-register-secret-2" });
    expect([...mine[0].events].sort()).toEqual([...events].sort());
  });

  it("fails with the API's code, never the password, for a user who may not manage webhooks", async () => {
    const r = registerBridge({ ...base, email: "jordan.lee@example.com" });
    await expect(r).rejects.toThrow(/FORBIDDEN/);
    await expect(registerBridge({ ...base, password: "Wrong12345" })).rejects.not.toThrow(/Wrong12345/);
  });
});

describe("the bridge:register command line", () => {
  const vars = {
    ACTUALLYCARE_BASE_URL: base.apiBase,
    ACTUALLYCARE_EMAIL: base.email,
    ACTUALLYCARE_PASSWORD: base.password,
    WEBHOOK_SECRET: base.secret,
  };
  const run = (argv: string[], vars_: Record<string, string | undefined>, lines: string[] = []) =>
    registerBridgeFromArgs({ argv, env: vars_, fetch: base.fetch, log: (l: string) => lines.push(l) });

  it("--dry-run says what it would create and writes nothing; then it creates, and a second run changes nothing", async () => {
    const lines: string[] = [];
    const dry = await run(["--bridge-url", base.bridgeUrl, "--dry-run"], vars, lines);
    expect(dry).toMatchObject({ action: "create", id: null, url, dryRun: true });
    expect(await subscriptions()).toEqual([]);
    expect((await run(["--bridge-url", base.bridgeUrl], vars)).action).toBe("create");
    expect((await run(["--bridge-url", base.bridgeUrl], vars)).action).toBe("unchanged");
    expect(await subscriptions()).toHaveLength(1);
    expect(lines.join("\n")).toContain("would create");
    expect(lines.join("\n")).not.toContain(base.secret);
  });

  it("takes the URL from DEPLOYED_URL after a deploy, and --api over ACTUALLYCARE_BASE_URL", async () => {
    const r = await run(["--api", base.apiBase], {
      ...vars,
      ACTUALLYCARE_BASE_URL: "https://unused.example.invalid/v1",
      DEPLOYED_URL: "https://bridge.example.org/deployed",
    });
    expect(r).toMatchObject({ action: "create", url: "https://bridge.example.org/deployed/ingest" });
  });

  it("names what is missing (a usage error: exit 2), never calling the API", async () => {
    await expect(run([], vars)).rejects.toThrow(UsageError);
    await expect(run([], vars)).rejects.toThrow(/ingest URL is required/);
    const { WEBHOOK_SECRET: _, ...noSecret } = vars;
    await expect(run(["--bridge-url", base.bridgeUrl], noSecret)).rejects.toThrow(/WEBHOOK_SECRET is required/);
    expect(await subscriptions()).toEqual([]);
  });
});
