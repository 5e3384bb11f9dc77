import { env } from "cloudflare:workers";
import * as z from "@actuallycare/shared/zod";
import { beforeEach, describe, expect, it } from "vitest";
import { EVENTS, eventSpec, itemSchema } from "../../workers/bridge/src/event-log/catalog";
import {
  api,
  bridge,
  expectError,
  postIngest,
  resetAll,
  sandboxNow,
  signedWebhook,
  subscribeBridge,
} from "./bridge-helpers";
import { READ_TOKEN } from "./test-bindings";

beforeEach(resetAll);

const leadData = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  name: `Lead ${n}`,
  email: `lead${n}@example.com`,
  phone: null,
  source: "Zillow",
  status: "new",
});

/** Logs `lead.created` webhooks for the given record numbers, one after another. */
async function logLeads(numbers: number[]) {
  for (const n of numbers)
    expect((await postIngest(await signedWebhook("lead.created", leadData(n)))).status).toBe(200);
}

/** Follows a trigger with its cursor until nothing is new; returns every item seen, in the order seen. */
async function drain(
  event: string,
  cursor: string,
  limit: number,
  seen: any[] = [],
): Promise<{ cursor: string; seen: any[] }> {
  for (;;) {
    const r = await bridge(`/triggers/${event}?limit=${limit}&cursor=${cursor}`);
    expect(r.status).toBe(200);
    seen.push(...[...r.body].reverse());
    cursor = r.headers.get("X-Next-Cursor") ?? cursor;
    if (r.headers.get("X-Has-More") !== "true") return { cursor, seen };
  }
}

describe("GET /triggers/{event}", () => {
  it("answers a bare array, newest first, each item the flattened data with a stable id", async () => {
    await logLeads([1, 2, 3]);
    const r = await bridge("/triggers/lead.created", { token: READ_TOKEN });
    expect(r.status).toBe(200);
    expect(r.body.map((i: any) => i.name)).toEqual(["Lead 3", "Lead 2", "Lead 1"]);
    expect(r.body[0]).toEqual({
      id: leadData(3).id,
      cursor: expect.stringMatching(/^\d+$/),
      event: "lead.created",
      occurred_at: expect.stringMatching(/^2026-/),
      record_id: leadData(3).id,
      name: "Lead 3",
      email: "lead3@example.com",
      phone: null,
      source: "Zillow",
      status: "new",
    });
    const spec = eventSpec("lead.created");
    if (!spec) throw new Error("no spec");
    for (const item of r.body) expect(z.safeParse(itemSchema(spec), item).success).toBe(true);
    expect(r.headers.get("X-Next-Cursor")).toBe(r.body[0].cursor);
  });

  it("gives each update of a record its own id (record + change), and one change one id", async () => {
    const now = await sandboxNow();
    const first = await signedWebhook("lead.updated", leadData(1), { timestamp: new Date(now - 60_000).toISOString() });
    const second = await signedWebhook(
      "lead.updated",
      { ...leadData(1), status: "contacted" },
      { timestamp: new Date(now).toISOString() },
    );
    await postIngest(first);
    await postIngest(second);
    await postIngest(first); // a retry of the first delivery
    const r = await bridge("/triggers/lead.updated");
    expect(r.body.map((i: any) => i.id)).toEqual([`${leadData(1).id}:${now}`, `${leadData(1).id}:${now - 60_000}`]);
    expect(r.body.map((i: any) => i.status)).toEqual(["contacted", "new"]);
  });

  it("serves composite ids for real sandbox updates and status changes, relayed from its webhooks", async () => {
    const sub = await subscribeBridge();
    const listing = await api("POST", "/listings", { address: "12 Elm St, Tehachapi, CA", list_price: 300000 });
    await api("PUT", `/listings/${listing.data.id}`, { status: "pending" });
    await api("PUT", `/listings/${listing.data.id}`, { status: "sold" });
    // created, then updated + status_changed twice
    await sub.relay(5);
    const changes = await bridge("/triggers/listing.status_changed");
    expect(changes.body.map((i: any) => [i.previous_status, i.status])).toEqual([
      ["pending", "sold"],
      ["active", "pending"],
    ]);
    expect(new Set(changes.body.map((i: any) => i.id)).size).toBe(2);
    for (const i of changes.body) expect(i.id).toMatch(new RegExp(`^${listing.data.id}:\\d+$`));
    expect((await bridge("/triggers/listing.created")).body.map((i: any) => i.id)).toEqual([listing.data.id]);
  });

  it("never skips or repeats across cursor reads while webhooks arrive concurrently", async () => {
    await logLeads([1, 2]);
    const start = await bridge("/triggers/lead.created?limit=1&cursor=0");
    const seen: any[] = [...start.body];
    let cursor = start.headers.get("X-Next-Cursor") ?? "0";
    const writers = Promise.all(
      Array.from({ length: 24 }, async (_, i) => postIngest(await signedWebhook("lead.created", leadData(100 + i)))),
    );
    // Poll while the writes land, then once more after the last one.
    while (seen.length < 26) {
      ({ cursor } = await drain("lead.created", cursor, 5, seen));
      if (seen.length < 26) await Promise.race([writers, new Promise((r) => setTimeout(r, 5))]);
    }
    await writers;
    ({ cursor } = await drain("lead.created", cursor, 5, seen));
    const ids = seen.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(26);
    const cursors = seen.map((i) => Number(i.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
  });

  it("keeps a cursor meaningful after old entries are deleted (a restart or deploy reads on from it)", async () => {
    await logLeads([1, 2, 3]);
    const { cursor } = await drain("lead.created", "0", 2);
    await env.BRIDGE_DB.prepare("DELETE FROM events").run();
    await logLeads([4]);
    const { seen } = await drain("lead.created", cursor, 2);
    expect(seen.map((i) => i.name)).toEqual(["Lead 4"]);
    expect(Number(seen[0].cursor)).toBeGreaterThan(Number(cursor));
  });

  it("answers an unknown event 404 and bad paging 400 with the field named", async () => {
    expectError(await bridge("/triggers/lead.exploded"), 404, "UNKNOWN_EVENT");
    const bad = expectError(await bridge("/triggers/lead.created?limit=500&cursor=abc"), 400, "VALIDATION_ERROR");
    expect(bad.details.map((d: any) => d.field).sort()).toEqual(["cursor", "limit"]);
  });

  it("needs a token", async () => {
    expectError(await bridge("/triggers/lead.created", { token: null }), 401, "UNAUTHORIZED");
  });
});

describe("GET /samples/{event}", () => {
  it("serves a fixture shaped exactly like a live item when the log has none", async () => {
    for (const spec of EVENTS) {
      const r = await bridge(`/samples/${spec.event}`);
      expect(r.status).toBe(200);
      expect(r.body).toHaveLength(1);
      const parsed = z.safeParse(itemSchema(spec), r.body[0]);
      expect(parsed.success, `${spec.event}: ${JSON.stringify(r.body[0])}`).toBe(true);
      // Every field has a value, so a tool maps from a complete example.
      expect(
        Object.values(r.body[0]).every((v) => v !== null),
        spec.event,
      ).toBe(true);
    }
  });

  it("serves recent real items once there are some, with the same keys and types as the fixture", async () => {
    const fixture = (await bridge("/samples/lead.created")).body[0];
    await logLeads([1]);
    const [real] = (await bridge("/samples/lead.created")).body;
    expect(real.name).toBe("Lead 1");
    expect(Object.keys(real).sort()).toEqual(Object.keys(fixture).sort());
    for (const k of Object.keys(fixture)) if (real[k] !== null) expect(typeof real[k], k).toBe(typeof fixture[k]);
  });
});
