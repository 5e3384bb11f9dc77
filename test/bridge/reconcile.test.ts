import { env } from "cloudflare:workers";
import { createLogger } from "@actuallycare/shared/worker/log";
import { beforeEach, describe, expect, it } from "vitest";
import { bridgeTransport } from "../../workers/bridge/src/api/api-client";
import { clockFor } from "../../workers/bridge/src/config/clock";
import { configFrom } from "../../workers/bridge/src/config/env";
import { reconcile } from "../../workers/bridge/src/reconcile/reconcile";
import { runScheduled } from "../../workers/bridge/src/reconcile/scheduled";
import { apiSources } from "../../workers/bridge/src/reconcile/sources";
import { api, bridge, resetAll, sandbox, subscribeBridge } from "./bridge-helpers";

beforeEach(resetAll);

const log = async () =>
  (await env.BRIDGE_DB.prepare("SELECT event, record_id, origin FROM events ORDER BY cursor").all<any>()).results;
/** Moves the sandbox clock (the bridge follows it), as time passes between real edits. */
const advance = (ms: number) =>
  sandbox("/__sandbox/clock", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ advanceMs: ms }),
  });
/** The cron pass, unpaced (pacing spreads bulk calls over the rate window; here it would only slow the test). */
const pass = () => runScheduled(env, { pace: false });

describe("reconciliation", () => {
  it("takes a baseline first and logs nothing for what already existed", async () => {
    const r = await pass();
    expect(r.reconciled).toMatchObject({ appended: 0, complete: true });
    expect(r.reconciled?.pages).toBeGreaterThanOrEqual(6);
    expect(await log()).toEqual([]);
    expect((await pass()).reconciled?.appended).toBe(0);
  });

  it("fills a missed lead.created once, and the late webhook does not repeat it", async () => {
    const sub = await subscribeBridge();
    await pass();
    const lead = await api("POST", "/leads", { name: "Missed Webhook", email: "missed@example.com" });
    // The webhook is sent but never reaches the bridge; reconciliation finds the lead.
    expect((await pass()).reconciled?.appended).toBe(1);
    expect(await log()).toEqual([{ event: "lead.created", record_id: lead.data.id, origin: "reconcile" }]);
    const [late] = await sub.relay(1);
    expect(late?.answer.body).toEqual({ status: "duplicate" });
    await pass();
    const items = (await bridge("/triggers/lead.created")).body;
    expect(items.map((i: any) => [i.id, i.name, i.email])).toEqual([
      [lead.data.id, "Missed Webhook", "missed@example.com"],
    ]);
  });

  it("fills missed updates and status changes with composite ids, once, beside webhooks that did arrive", async () => {
    const sub = await subscribeBridge();
    await pass();
    const listing = await api("POST", "/listings", { address: "9 Pine Rd, Tehachapi, CA", list_price: 510000 });
    await sub.relay(1); // listing.created arrives
    await advance(60_000);
    await api("PUT", `/listings/${listing.data.id}`, { status: "pending" }); // its two webhooks are lost
    expect((await pass()).reconciled?.appended).toBe(2);
    const changes = (await bridge("/triggers/listing.status_changed")).body;
    expect(changes).toEqual([
      expect.objectContaining({
        record_id: listing.data.id,
        previous_status: "active",
        status: "pending",
        address: "9 Pine Rd, Tehachapi, CA",
      }),
    ]);
    expect(changes[0].id).toBe(
      `${listing.data.id}:${Date.parse((await api("GET", `/listings/${listing.data.id}`)).data.updated_at)}`,
    );
    const late = await sub.relay(3);
    expect(late.map((l) => l.answer.body.status).sort()).toEqual(["duplicate", "duplicate"]);
    expect((await pass()).reconciled?.appended).toBe(0);
    expect((await log()).map((e: any) => `${e.event}/${e.origin}`)).toEqual([
      "listing.created/webhook",
      "listing.updated/reconcile",
      "listing.status_changed/reconcile",
    ]);
  });

  it("adds nothing when every webhook arrived", async () => {
    const sub = await subscribeBridge();
    await pass();
    const lead = await api("POST", "/leads", { name: "Fully Delivered" });
    await api("PUT", `/leads/${lead.data.id}`, { status: "contacted" });
    await sub.relay(2);
    expect((await pass()).reconciled?.appended).toBe(0);
    expect((await log()).map((e: any) => e.origin)).toEqual(["webhook", "webhook"]);
  });

  it("infers lead.converted, escrow.status_changed and appointment.cancelled as the API would send them", async () => {
    await pass();
    const lead = await api("POST", "/leads", { name: "Will Convert" });
    await pass();
    await advance(60_000);
    await api("POST", `/leads/${lead.data.id}/convert`, {});
    await api("PUT", "/escrows/ESC-2026-0043", { escrow_status: "active" });
    const appts = (await api("GET", "/appointments?limit=100")).data.appointments as any[];
    await api("PUT", `/appointments/${appts[0].id}`, { status: "cancelled" });
    await pass();
    const events = (await log()).map((e: any) => e.event);
    expect(events).toEqual(
      expect.arrayContaining([
        "lead.created",
        "lead.converted",
        "client.created",
        "escrow.updated",
        "escrow.status_changed",
        "appointment.updated",
        "appointment.cancelled",
      ]),
    );
    expect(events).not.toContain("lead.updated");
    const [changed] = (await bridge("/triggers/escrow.status_changed")).body;
    expect(changed).toMatchObject({ escrow_number: "ESC-2026-0043", previous_status: "pending", status: "active" });
  });

  it("resumes an interrupted pass where it stopped, covers every resource in turn, and never repeats an entry", async () => {
    const config = configFrom(env);
    const transport = await bridgeTransport(env, config, Date.now, { priority: "bulk", pace: false });
    const deps = {
      db: env.BRIDGE_DB,
      now: await clockFor(env, config),
      sources: apiSources(transport),
      onAppended: async () => {},
      log: createLogger("bridge", () => {}),
    };
    const baselined = async () =>
      (
        await env.BRIDGE_DB.prepare(
          "SELECT count(*) AS n FROM reconcile_state WHERE baseline_at_ms IS NOT NULL",
        ).first<{ n: number }>()
      )?.n ?? 0;
    const first = await reconcile({ ...deps, maxPages: 2 });
    expect(first).toMatchObject({ pages: 2, complete: false });
    for (let i = 0; i < 6 && (await baselined()) < 6; i++) await reconcile({ ...deps, maxPages: 2 });
    expect(await baselined()).toBe(6);
    await api("POST", "/leads", { name: "After Baseline" });
    let total = 0;
    for (let i = 0; i < 8; i++) total += (await reconcile({ ...deps, maxPages: 1 })).appended;
    expect(total).toBe(1);
    const full = await reconcile(deps);
    expect(full).toMatchObject({ appended: 0, complete: true });
  });

  it("queues reconciled entries for REST hooks, and expires entries past retention", async () => {
    await pass();
    await bridge("/hooks", { method: "POST", body: { event: "lead.created", target_url: "https://t.example.org/ok" } });
    await api("POST", "/leads", { name: "Hooked" });
    await pass();
    const d = await env.BRIDGE_DB.prepare("SELECT state FROM hook_deliveries").all();
    expect(d.results).toHaveLength(1);
    await env.BRIDGE_DB.prepare("UPDATE events SET logged_at_ms = logged_at_ms - 31 * 86400000").run();
    expect((await pass()).expired).toBe(1);
    expect(await log()).toEqual([]);
  });
});
