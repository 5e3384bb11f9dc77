import { createTransport } from "@actuallycare/shared/client/create-transport";
import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import { leadsApi } from "@actuallycare/shared/client/groups/leads";
import { SubrequestBudget } from "@actuallycare/shared/client/subrequest-budget";
import { beforeEach, describe, expect, it } from "vitest";
import { countingFetch, type SentRequest } from "../support/counting-fetch";
import { LinkedClock } from "../support/linked-clock";
import { call, fixtureKey, resetSandbox } from "../support/sandbox-client";

const IP = "10.78.0.1";
let key: string;
let clock: LinkedClock;
let sent: SentRequest[];

beforeEach(async () => {
  await resetSandbox();
  key = await fixtureKey("full-access");
  clock = await LinkedClock.start();
  sent = [];
});

async function leads(
  options: { timeoutMs?: number; budget?: SubrequestBudget; fetch?: (r: Request) => Promise<Response> } = {},
) {
  const t = await createTransport({
    baseUrl: "http://localhost:8787/v1",
    apiKey: key,
    fetch: options.fetch ?? countingFetch(IP, sent).fetch,
    clock,
    sleep: clock.sleep,
    random: () => 0.5,
    timeoutMs: options.timeoutMs ?? 5000,
    budget: options.budget,
  });
  return leadsApi(t);
}

const fault = (f: Record<string, unknown>) => call("/__sandbox/faults", { method: "POST", body: f });
const leadNamed = async (name: string) =>
  ((await call("/v1/leads?limit=100", { key, ip: "10.78.9.9" })).body.data.leads as Array<{ name: string }>).filter(
    (l) => l.name === name,
  );

describe("transport", () => {
  it("retries a GET after 5xx and succeeds", async () => {
    await fault({ path: "/v1/leads", method: "GET", mode: "500", count: 2 });
    const page = await (await leads()).list({ limit: 3 });
    expect(page.leads).toHaveLength(3);
    expect(sent.map((s) => s.status)).toEqual([500, 500, 200]);
  });

  it("never retries a POST after a 5xx: the write may have happened", async () => {
    await fault({ path: "/v1/leads", method: "POST", mode: "500", count: 1 });
    const err = (await (await leads()).create({ name: "Once" }).catch((e: unknown) => e)) as ActuallyCareError;
    expect(err).toBeInstanceOf(ActuallyCareError);
    expect(err).toMatchObject({ kind: "http", status: 500, code: "INTERNAL_ERROR", retryable: true });
    expect(sent).toHaveLength(1);
  });

  it("times out a hanging GET and retries it; a hanging POST times out once and is not sent again", async () => {
    await fault({ path: "/v1/leads", method: "GET", mode: "hang", count: 1, hangMs: 1500 });
    const api = await leads({ timeoutMs: 200 });
    expect((await api.list({ limit: 1 })).leads).toHaveLength(1);
    expect(sent.map((s) => s.status)).toEqual(["error", 200]);

    sent.length = 0;
    await fault({ path: "/v1/leads", method: "POST", mode: "hang", count: 1, hangMs: 600 });
    const err = (await api.create({ name: "Slow Lead" }).catch((e: unknown) => e)) as ActuallyCareError;
    expect(err).toMatchObject({ kind: "timeout", code: "TIMEOUT", retryable: true });
    expect(sent).toHaveLength(1);
    // The hung request is processed after all: retrying it would have made two leads.
    await new Promise((r) => setTimeout(r, 900));
    expect(await leadNamed("Slow Lead")).toHaveLength(1);
  });

  it("retries a POST only when the connection provably never reached the API", async () => {
    let refusals = 1;
    const inner = countingFetch(IP, sent).fetch;
    const refusing = async (r: Request) => {
      if (refusals-- > 0) throw new TypeError("connect ECONNREFUSED 127.0.0.1:443");
      return inner(r);
    };
    const created = await (await leads({ fetch: refusing })).create({ name: "After Refusal" });
    expect(created.name).toBe("After Refusal");

    const lost = async () => {
      throw new TypeError("Network connection lost.");
    };
    const err = (await (
      await leads({ fetch: lost })
    )
      .create({ name: "Lost" })
      .catch((e: unknown) => e)) as ActuallyCareError;
    expect(err).toMatchObject({ kind: "network", code: "NETWORK_ERROR", retryable: true });
  });

  it("fails fast with budget_exhausted before exceeding the invocation's budget", async () => {
    const api = await leads({ budget: new SubrequestBudget(2) });
    await api.list({ limit: 1 });
    await api.list({ limit: 1 });
    const err = (await api.list({ limit: 1 }).catch((e: unknown) => e)) as ActuallyCareError;
    expect(err).toMatchObject({ kind: "budget_exhausted", code: "BUDGET_EXHAUSTED" });
    expect(sent).toHaveLength(2);
  });

  it("maps an error envelope to kind http with the API's code and ids, not retryable", async () => {
    const err = (await (
      await leads()
    )
      .get("00000000-0000-4000-8000-000000000000")
      .catch((e: unknown) => e)) as ActuallyCareError;
    expect(err).toMatchObject({ kind: "http", status: 404, code: "NOT_FOUND", retryable: false });
    expect(err.errorId).toMatch(/^ERR_\d+_[0-9a-z]{6}$/);
    expect(err.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent).toHaveLength(1);
  });
});
