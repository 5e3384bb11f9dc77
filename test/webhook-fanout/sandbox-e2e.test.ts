import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { alignSandboxClock, eventually, inbox, inboxWith, json, playground, SECRET } from "./fanout-helpers";

// A write in the sandbox → its signed webhook → /ingest → the queue → every local inbox, once each.
const IP = "10.91.0.1";
let maria: string;
let fullKey: string;

async function fixtureKey(name: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`actuallycare-sandbox:${name}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function subscribe(url: string, events: string[]) {
  const r = await playground(
    "/v1/webhooks",
    json({ url, events, secret: SECRET }, { Authorization: `Bearer ${maria}`, "CF-Connecting-IP": IP }),
  );
  if (!r.success) throw new Error(`subscribe failed: ${JSON.stringify(r)}`);
  return r.data as { id: string };
}

async function createLead(name: string, source = "Website Form") {
  const r = await playground(
    "/v1/leads",
    json(
      { name, email: "rachel.kim@example.com", phone: "(661) 555-0198", source },
      { "X-API-Key": fullKey, "CF-Connecting-IP": IP },
    ),
  );
  if (!r.success) throw new Error(`lead failed: ${JSON.stringify(r)}`);
  return r.data as { id: string };
}

beforeAll(async () => {
  await alignSandboxClock();
  fullKey = await fixtureKey("full-access");
  const login = await playground(
    "/v1/auth/login",
    json({ email: "maria.alvarez@example.com", password: "Sandbox123" }, { "CF-Connecting-IP": IP }),
  );
  maria = login.data.accessToken;
});

describe("end to end against the sandbox", () => {
  it("a lead created in the sandbox reaches every inbox once, correctly formatted", async () => {
    await subscribe("http://localhost:8791/ingest", ["lead.created"]);
    const name = `Rachel Kim ${crypto.randomUUID().slice(0, 8)}`;
    const lead = await createLead(name);

    const [http] = await eventually(
      () => inboxWith("http", name),
      (r) => r.length >= 1,
    );
    const [slack] = await eventually(
      () => inboxWith("slack", name),
      (r) => r.length >= 1,
    );
    const [teams] = await eventually(
      () => inboxWith("teams", name),
      (r) => r.length >= 1,
    );
    const [discord] = await eventually(
      () => inboxWith("discord", name),
      (r) => r.length >= 1,
    );

    // http: the original event, re-signed with Standard Webhooks, verified by the reference library.
    const event = new Webhook(env.HTTP_DESTINATION_SECRET).verify(http?.body ?? "", http?.headers ?? {}) as any;
    expect(event).toMatchObject({ event: "lead.created", data: { id: lead.id, name, source: "Website Form" } });
    expect(http?.headers["webhook-id"]).toMatch(/^evt_[0-9a-f]{64}$/);
    expect(slack?.status).toBe(200);
    expect(JSON.parse(slack?.body ?? "").blocks[0].text.text).toBe(`New lead: ${name} · Website Form`);
    expect(teams?.status).toBe(202);
    expect(JSON.parse(teams?.body ?? "").attachments[0].content.body[0].text).toBe(`New lead: ${name} · Website Form`);
    expect(discord?.status).toBe(204);
    expect(JSON.parse(discord?.body ?? "").embeds[0].title).toContain(name);
  });

  it("ActuallyCare's own retries of one event (a lost answer, then a flush) and a second subscription never double a copy", async () => {
    // This subscription's answers are lost on the way back (the test network swaps them for a 503), so the
    // sandbox retries the same signed bytes three more times; a second one sends the same bytes once more.
    const lossy = await subscribe("http://localhost:8791/ingest?__drop_answer", ["lead.created"]);
    await subscribe("http://localhost:8791/ingest", ["lead.created"]);
    const name = `Retried Lead ${crypto.randomUUID().slice(0, 8)}`;
    await createLead(name);
    await eventually(
      async () => (await playground(`/__sandbox/deliveries?webhook_id=${lossy.id}`)).data,
      (rows: any[]) => rows.some((r) => r.body.includes(name)),
    );
    await playground("/__sandbox/webhooks/flush", { method: "POST" });
    const attempts = (await playground(`/__sandbox/deliveries?webhook_id=${lossy.id}`)).data.filter((r: any) =>
      r.body.includes(name),
    );
    expect(attempts.map((r: any) => r.attempt)).toEqual([1, 2, 3, 4]);
    expect(new Set(attempts.map((r: any) => r.body)).size).toBe(1);

    for (const inbox of ["slack", "teams", "discord", "http"])
      await eventually(
        () => inboxWith(inbox, name),
        (r) => r.length >= 1,
      );
    await new Promise((r) => setTimeout(r, 1000));
    for (const inbox of ["slack", "teams", "discord", "http"])
      expect([inbox, (await inboxWith(inbox, name)).length]).toEqual([inbox, 1]);
  });

  it("an escrow status change reads as old → new status with its address", async () => {
    await subscribe("http://localhost:8791/ingest", ["escrow.status_changed"]);
    const list = await playground("/v1/escrows?limit=1", { headers: { "X-API-Key": fullKey, "CF-Connecting-IP": IP } });
    const escrow = list.data.escrows[0];
    const next = escrow.escrow_status === "closed" ? "open" : "closed";
    const put = await playground(`/v1/escrows/${escrow.id}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", "X-API-Key": fullKey, "CF-Connecting-IP": IP },
      body: JSON.stringify({ escrow_status: next }),
    });
    if (!put.success) throw new Error(JSON.stringify(put));
    const [slack] = await eventually(
      async () =>
        (await inbox("slack")).filter((r) => {
          const m = JSON.parse(r.body);
          return m.blocks?.[0]?.text?.text?.includes(String(escrow.escrow_number)) && m.text.includes(`→ ${next}`);
        }),
      (r) => r.length >= 1,
    );
    expect(JSON.parse(slack?.body ?? "").text).toContain(String(escrow.property_address).replace(/&/g, "&amp;"));
  });
});
