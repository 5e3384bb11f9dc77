import { createRequire } from "node:module";
import { describe, expect, inject, it } from "vitest";
import { ACTION_NAMES } from "../../workers/bridge/src/actions/action-schemas";
import { EVENTS } from "../../workers/bridge/src/event-log/catalog";
import { CHOICE_NAMES } from "../../workers/bridge/src/fields/choices";
import { SEARCH_NAMES } from "../../workers/bridge/src/searches/search-specs";

const require = createRequire(import.meta.url);
const App = require("../../integrations/zapier");
const catalog = require("../../integrations/zapier/lib/catalog.json");
const zapier = require("zapier-platform-core");
const schemaTools = require("zapier-platform-core/src/tools/schema");
const appTester = zapier.createAppTester(App);

const auth = (token = inject("fullToken")) => ({ authData: { bridge_url: inject("bridgeUrl"), token } });

/** Polls until `done` holds (the sandbox's webhook reaches the bridge within a second or so), bounded. */
async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > until) throw new Error(`not done after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("the Zapier app's definition", () => {
  it("is valid by zapier-platform-schema, and a broken one is not", () => {
    expect(schemaTools.validateApp(schemaTools.prepareApp(App))).toEqual([]);
    const broken = {
      ...App,
      creates: { ...App.creates, create_lead: { ...App.creates.create_lead, key: "create lead!" } },
    };
    expect(schemaTools.validateApp(schemaTools.prepareApp(broken)).length).toBeGreaterThan(0);
  });

  it("covers exactly the bridge's events, actions, searches and dropdowns", () => {
    expect(catalog.events.map((e: string[]) => e[0])).toEqual(EVENTS.map((e) => e.event));
    expect(catalog.actions.map((a: string[]) => a[0])).toEqual(ACTION_NAMES);
    expect(catalog.searches.map((s: string[]) => s[0])).toEqual(SEARCH_NAMES);
    expect([...catalog.choices].sort()).toEqual([...CHOICE_NAMES].sort());
  });
});

describe("the Zapier app against the bridge on the sandbox", () => {
  it("tests the connection through /me and labels it", async () => {
    const me = await appTester(App.authentication.test, auth());
    expect(me.connection_label).toBe("Jordan Lee (jordan.lee@example.com) via Local full access");
    await expect(appTester(App.authentication.test, auth("not-a-bridge-token-000000000000"))).rejects.toThrow(
      /not valid/,
    );
  });

  it("creates a lead with input fields from /fields, and the triggers, polling and instant, see it", async () => {
    const fields = await appTester(App.creates.create_lead.operation.inputFields[0], auth());
    expect(fields.find((f: any) => f.key === "name")).toMatchObject({
      label: "Full name",
      required: true,
      type: "string",
    });
    expect(fields.find((f: any) => f.key === "status")).toMatchObject({ dynamic: "choices_lead_statuses.id.label" });
    const statuses = await appTester(App.triggers.choices_lead_statuses.operation.perform, auth());
    expect(statuses.map((c: any) => c.id)).toContain("qualified");

    const email = `zap.${Date.now()}@example.com`;
    const lead = await appTester(App.creates.create_lead.operation.perform, {
      ...auth(),
      inputData: { name: "Zap Person", email },
    });
    expect(lead).toMatchObject({ name: "Zap Person", email, status: "new" });

    const polled = await eventually(
      () => appTester(App.triggers.lead_created_poll.operation.perform, auth()),
      (items: any[]) => items.some((i) => i.record_id === lead.id),
    );
    expect(polled.find((i: any) => i.record_id === lead.id)).toMatchObject({ id: lead.id, name: "Zap Person" });
    const samples = await appTester(App.triggers.lead_created.operation.performList, auth());
    expect(samples[0]).toHaveProperty("id");

    const found = await appTester(App.searches.lead_by_email.operation.perform, { ...auth(), inputData: { email } });
    expect(found.map((l: any) => l.id)).toEqual([lead.id]);
    expect(App.searchOrCreates.lead_by_email).toMatchObject({ search: "lead_by_email", create: "create_lead" });
  });

  it("subscribes and unsubscribes a REST hook, and passes a hook's item through", async () => {
    const trigger = App.triggers.escrow_status_changed.operation;
    const bundle = { ...auth(), targetUrl: "https://hooks.zapier.com/hooks/standard/123/abc" };
    const sub = await appTester(trigger.performSubscribe, bundle);
    expect(sub).toMatchObject({ id: expect.stringMatching(/^hk_/), event: "escrow.status_changed" });
    const item = { id: "x:1", event: "escrow.status_changed", status: "active" };
    expect(await appTester(trigger.perform, { ...bundle, cleanedRequest: item })).toEqual([item]);
    expect(await appTester(trigger.performUnsubscribe, { ...bundle, subscribeData: sub })).toEqual({
      id: sub.id,
      deleted: true,
    });
  });

  it("shows the bridge's code and field details when a write is refused", async () => {
    await expect(
      appTester(App.creates.create_lead.operation.perform, { ...auth(inject("readToken")), inputData: { name: "No" } }),
    ).rejects.toThrow(/INSUFFICIENT_SCOPE/);
    await expect(
      appTester(App.creates.create_appointment.operation.perform, {
        ...auth(),
        inputData: { title: "Backwards", start_time: "2026-07-10T18:00:00Z", end_time: "2026-07-10T17:00:00Z" },
      }),
    ).rejects.toThrow(/end_time/);
  });
});
