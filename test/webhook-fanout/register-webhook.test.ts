import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { registerWebhook } from "../../scripts/register-webhook.mjs";

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
