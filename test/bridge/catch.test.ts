import { env } from "cloudflare:workers";
import { signWebhookBody } from "@actuallycare/shared/webhook-signature";
import { beforeEach, describe, expect, it } from "vitest";
import { normalisePhone } from "../../workers/bridge/src/catch/transforms";
import { api, bridge, eventually, expectError, resetAll, runQueue } from "./bridge-helpers";
import { CATCH_SECRETS } from "./test-bindings";

beforeEach(resetAll);

const WEB = `/catch/web-form/${CATCH_SECRETS["web-form"]}`;
const post = (path: string, body: string, type = "application/json", headers: Record<string, string> = {}) =>
  bridge(path, { method: "POST", body, token: null, headers: { "Content-Type": type, ...headers } });
const json = (path: string, body: unknown) => post(path, JSON.stringify(body));
const signed = async (body: string, secret = CATCH_SECRETS["signed-form"]) =>
  post("/catch/signed-form", body, "application/json", { "X-Bridge-Signature": await signWebhookBody(secret, body) });
const runs = async () =>
  (await env.BRIDGE_DB.prepare("SELECT id, state, attempts, last_error, result_id, input FROM catch_runs").all<any>())
    .results;

describe("POST /catch/{recipe}", () => {
  it("maps a JSON payload (first present path, transforms, constants) and shows the API request on a dry run", async () => {
    const r = await json(`${WEB}?dry_run=1`, {
      full_name: "Ana Ruiz",
      email: "  ANA@Example.com ",
      phone: "661.555.0123",
      message: "Hi",
      extra: { x: 1 },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      dry_run: true,
      recipe: "web-form",
      action: "create_lead",
      requests: [
        {
          method: "POST",
          path: "/leads",
          body: {
            name: "Ana Ruiz",
            email: "  ana@example.com ".trim(),
            phone: "(661) 555-0123",
            message: "Hi",
            source: "Web Form",
          },
        },
      ],
    });
    expect(await runs()).toEqual([]);
  });

  it("accepts form-encoded bodies, stores the run before the 202, and the queue makes the lead", async () => {
    const r = await post(
      WEB,
      new URLSearchParams({ name: "Ben Ode", email: "ben@example.com" }).toString(),
      "application/x-www-form-urlencoded",
    );
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ run_id: expect.any(String), status: "queued" });
    // The real queue runs it.
    const [run] = await eventually(runs, (x) => x[0]?.state === "done");
    const lead = await api("GET", `/leads/${run.result_id}`);
    expect(lead.data).toMatchObject({ name: "Ben Ode", email: "ben@example.com", source: "Web Form" });
    const log = await bridge("/catch/runs?recipe=web-form");
    expect(log.body).toEqual([
      expect.objectContaining({
        id: r.body.run_id,
        state: "done",
        recipe_id: "web-form",
        input: expect.objectContaining({ name: "Ben Ode" }),
      }),
    ]);
  });

  it("verifies an HMAC-signed recipe and maps nested payloads (split name, phone)", async () => {
    const body = JSON.stringify({
      contact: { full_name: "Mary Ann Lee", email: " Mary@Lend.Example " },
      answers: [{ text: "+1 661 555 0100" }],
    });
    const r = await signed(body);
    expect(r.status).toBe(202);
    const result = await runQueue("bridge-catch-runs", [{ runId: r.body.run_id }]);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    const [run] = await runs();
    expect(run).toMatchObject({ state: "done", attempts: 1 });
    expect(JSON.parse(run.input)).toEqual({
      first_name: "Mary Ann",
      last_name: "Lee",
      email: "mary@lend.example",
      phone: "(661) 555-0100",
      contact_type: "lender",
    });
    expectError(await signed(body, "wrong-secret-0123456789"), 401, "INVALID_SECRET");
    expectError(await post("/catch/signed-form", body), 401, "INVALID_SECRET");
  });

  it("answers 422 naming each field it cannot map, and stores nothing", async () => {
    const e = expectError(await json(WEB, { email: "not an email", phone: "12" }), 422, "MAPPING_FAILED");
    expect(e.details).toEqual(
      expect.arrayContaining([
        { field: "phone", message: "Not a phone number", from: ["phone"] },
        { field: "name", message: "Missing from the payload", from: ["name", "full_name"] },
        expect.objectContaining({ field: "email", from: ["email"] }),
      ]),
    );
    expect(await runs()).toEqual([]);
  });

  it("survives hostile and malformed payloads", async () => {
    expectError(await post(WEB, "{not json"), 400, "VALIDATION_ERROR");
    expectError(await post(WEB, "name=x", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
    expectError(await json(WEB, { name: "x".repeat(70 * 1024) }), 413, "PAYLOAD_TOO_LARGE");
    // A prototype key is plain data, and objects where text is expected are refused by name.
    const proto = await post(`${WEB}?dry_run=1`, '{"__proto__":{"name":"Polluted"},"name":{"first":"A"}}');
    expect(proto.status).toBe(422);
    expect(({} as Record<string, unknown>).name).toBeUndefined();
    // Arrays and scalars at the top level map nothing.
    expect((await json(`${WEB}?dry_run=1`, [1, 2, 3])).status).toBe(422);
    expect((await post(`${WEB}?dry_run=1`, "null")).status).toBe(422);
    // Deeply nested input is just data.
    let deep: unknown = { name: "Deep" };
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect((await json(`${WEB}?dry_run=1`, deep)).status).toBe(422);
  });

  it("refuses a wrong path secret and an unknown recipe", async () => {
    expectError(await json("/catch/web-form/wrong-secret-wrong-secret", { name: "X" }), 401, "INVALID_SECRET");
    expectError(await json("/catch/web-form", { name: "X" }), 401, "INVALID_SECRET");
    expectError(await json("/catch/nope/abc", { name: "X" }), 404, "UNKNOWN_RECIPE");
  });

  it("keeps a refused run as failed with the API's code, waits out a rate limit, and keeps an exhausted run as dead", async () => {
    // A run the API refuses (an appointment ending before it starts) is final, with the API's code.
    await env.BRIDGE_DB.prepare(
      "INSERT INTO catch_runs (id, recipe_id, action, input, created_at_ms, updated_at_ms) VALUES ('r2', 'web-form', 'create_appointment', ?, 0, 0)",
    )
      .bind(
        JSON.stringify({ title: "Backwards", start_time: "2026-07-10T18:00:00Z", end_time: "2026-07-10T17:00:00Z" }),
      )
      .run();
    const refused = await runQueue("bridge-catch-runs", [{ runId: "r2" }]);
    expect(refused.explicitAcks).toEqual(["msg-0"]);
    expect((await runs()).find((r: any) => r.id === "r2")).toMatchObject({
      state: "failed",
      last_error: "VALIDATION_ERROR",
    });

    // Then a rate limit (its cool-down is shared by every call with this key, so it comes last).
    const { acceptCatch } = await import("../../workers/bridge/src/catch/accept-catch");
    const { configFrom } = await import("../../workers/bridge/src/config/env");
    // Accepted without the real queue, so this test alone runs it.
    const queue = { send: async () => {} } as unknown as Queue<{ runId: string }>;
    const recipe = configFrom(env).recipes.get("web-form");
    if (!recipe) throw new Error("no web-form recipe");
    const accepted = await acceptCatch(
      { db: env.BRIDGE_DB, queue, now: Date.now },
      recipe,
      { name: "Rate Limited" },
      false,
    );
    if (!("run_id" in accepted)) throw new Error("not queued");
    await env.ACTUALLYCARE_API.fetch("http://sandbox.internal/__sandbox/faults", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ path: "/v1/leads", method: "POST", mode: "429", count: 5, retryAfterSeconds: 90 }),
    });
    const retried = await runQueue("bridge-catch-runs", [{ runId: accepted.run_id }]);
    expect(retried.retryMessages).toEqual([{ msgId: "msg-0", delaySeconds: 90 }]);
    const run = async () => (await runs()).find((r: any) => r.id === accepted.run_id);
    expect(await run()).toMatchObject({ state: "queued", last_error: "RATE_LIMITED", attempts: 1 });
    await runQueue("bridge-catch-dead-letters", [{ runId: accepted.run_id }]);
    expect((await run()).state).toBe("dead");
  });

  it("normalises phones: North American numbers as (xxx) xxx-xxxx, others as +digits", () => {
    expect(normalisePhone("+1 661 555 0100")).toBe("(661) 555-0100");
    expect(normalisePhone("6615550100")).toBe("(661) 555-0100");
    expect(normalisePhone("+44 20 7946 0958")).toBe("+442079460958");
    expect(normalisePhone("12")).toBeNull();
  });
});
