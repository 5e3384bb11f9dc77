import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { registerFanout } from "../../scripts/fanout-register.mjs";
import { registerWebhook, UsageError } from "../../scripts/register-webhook.mjs";

// The setup script's reusable part, against the sandbox (through the service binding instead of the network).
const viaSandbox = ((input: RequestInfo | URL, init?: RequestInit) => {
  const headers = new Headers(init?.headers);
  headers.set("CF-Connecting-IP", "10.91.7.7");
  return env.ACTUALLYCARE_API.fetch(new Request(input, { ...init, headers }));
}) as typeof fetch;

const base = {
  baseUrl: "http://localhost:8787/v1",
  email: "maria.alvarez@example.com",
  password: "Sandbox123",
  secret: "register-test-secret-01",
  fetch: viaSandbox,
};

describe("registerWebhook", () => {
  it("creates, then changes nothing on a second run, updates what differs, and a dry run writes nothing", async () => {
    const url = `https://fanout-${crypto.randomUUID().slice(0, 8)}.example.net/ingest`;
    const lines: string[] = [];
    const dry = await registerWebhook({
      ...base,
      url,
      events: ["lead.created"],
      dryRun: true,
      log: (l) => lines.push(l),
    });
    expect(dry).toMatchObject({ action: "create", id: null, dryRun: true });
    const first = await registerWebhook({ ...base, url, events: ["lead.created", "Escrow.Status_Changed"] });
    expect(first).toMatchObject({ action: "create", events: ["lead.created", "escrow.status_changed"] });
    expect(first.id).toMatch(/^wh_[0-9a-f]{12}$/);
    const second = await registerWebhook({ ...base, url, events: ["escrow.status_changed", "lead.created"] });
    expect(second).toEqual({
      ...first,
      action: "unchanged",
      changes: [],
      events: ["escrow.status_changed", "lead.created"],
    });

    const preview = await registerWebhook({
      ...base,
      url,
      events: ["all"],
      secret: "rotated-secret-0002",
      dryRun: true,
    });
    expect(preview).toMatchObject({ action: "update", changes: ["events", "secret"] });
    const updated = await registerWebhook({ ...base, url, events: ["all"], secret: "rotated-secret-0002" });
    expect(updated).toMatchObject({ action: "update", id: first.id, changes: ["events", "secret"] });
    expect(await registerWebhook({ ...base, url, events: ["all"], secret: "rotated-secret-0002" })).toMatchObject({
      action: "unchanged",
    });
    // Never a secret in what it prints.
    expect(lines.join("\n")).not.toContain(base.secret);
  });

  it("fails with the API's error code, not a stack of HTML", async () => {
    await expect(
      registerWebhook({ ...base, password: "wrong-password", url: "https://x.example.net/ingest", events: ["all"] }),
    ).rejects.toThrow(/POST \/auth\/login failed: /);
  });
});

describe("the fanout:register command line (the same as bridge:register's)", () => {
  const vars = {
    ACTUALLYCARE_BASE_URL: base.baseUrl,
    ACTUALLYCARE_EMAIL: base.email,
    ACTUALLYCARE_PASSWORD: base.password,
    ACTUALLYCARE_WEBHOOK_SECRET: base.secret,
  };
  const run = (argv: string[], vars_: Record<string, string | undefined>) =>
    registerFanout({ argv, env: vars_, fetch: viaSandbox, log: () => {} });

  it("takes --url, else FANOUT_INGEST_URL, else DEPLOYED_URL + /ingest; --events and --dry-run", async () => {
    const host = `https://fanout-${crypto.randomUUID().slice(0, 8)}.example.net`;
    const dry = await run(["--url", `${host}/a/ingest`, "--events", "lead.created", "--dry-run"], vars);
    expect(dry).toMatchObject({ action: "create", id: null, url: `${host}/a/ingest`, events: ["lead.created"] });
    const fromEnv = await run([], { ...vars, FANOUT_INGEST_URL: `${host}/b/ingest`, DEPLOYED_URL: `${host}/c` });
    expect(fromEnv).toMatchObject({ action: "create", url: `${host}/b/ingest`, events: ["all"] });
    const deployed = await run([], { ...vars, DEPLOYED_URL: `${host}/c/` });
    expect(deployed).toMatchObject({ action: "create", url: `${host}/c/ingest` });
    expect((await run([], { ...vars, DEPLOYED_URL: `${host}/c` })).action).toBe("unchanged");
  });

  it("names a missing variable as a usage error", async () => {
    const { ACTUALLYCARE_WEBHOOK_SECRET: _, ...noSecret } = vars;
    await expect(run(["--url", "https://x.example.net/ingest"], noSecret)).rejects.toThrow(UsageError);
    await expect(run(["--url", "https://x.example.net/ingest"], noSecret)).rejects.toThrow(
      /ACTUALLYCARE_WEBHOOK_SECRET is required/,
    );
  });
});
