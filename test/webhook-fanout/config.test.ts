import { describe, expect, it } from "vitest";
import { destinationUrlProblem, parseDestinations } from "../../workers/webhook-fanout/src/config/destinations";
import { configFrom } from "../../workers/webhook-fanout/src/config/env";

const WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwQ1VJfrjsoVM=";
const SLACK = { id: "sales", type: "slack", urlSecret: "SLACK_SALES_URL", events: ["lead.*"] };
const HTTP = { id: "crm", type: "http", urlSecret: "CRM_URL", signingSecret: "CRM_WHSEC", events: ["*"] };

function env(overrides: Record<string, unknown> = {}): Env {
  return {
    WORKER_NAME: "webhook-fanout",
    ACTUALLYCARE_WEBHOOK_SECRET: "current-secret-0001",
    OPERATOR_TOKEN: "operator-token-0123456789",
    DESTINATIONS: JSON.stringify([SLACK, HTTP]),
    SLACK_SALES_URL: "https://hooks.slack.com/services/T000/B000/XXXX",
    CRM_URL: "https://crm.example.com/hooks/actuallycare",
    CRM_WHSEC: WHSEC,
    ...overrides,
  } as unknown as Env;
}

const problem = (overrides: Record<string, unknown>) => {
  try {
    configFrom(env(overrides));
    return null;
  } catch (err) {
    return (err as Error).message;
  }
};

describe("DESTINATIONS", () => {
  it("parses every type with defaults, filters, conditions and the shipped playground config", () => {
    const list = parseDestinations(
      JSON.stringify([
        { ...SLACK, conditions: [{ field: "source", equals: "Zillow" }] },
        { id: "team", type: "teams", urlSecret: "TEAMS_URL", events: ["escrow.status_changed"], enabled: false },
        {
          id: "ds",
          type: "discord",
          urlSecret: "DS_URL",
          events: ["*"],
          conditions: [{ field: "status", oneOf: ["new", "hot"] }],
          timeZone: "Europe/Paris",
        },
        HTTP,
      ]),
    );
    expect(list.map((d) => [d.id, d.type, d.enabled])).toEqual([
      ["sales", "slack", true],
      ["team", "teams", false],
      ["ds", "discord", true],
      ["crm", "http", true],
    ]);
    expect(list[0]?.conditions).toEqual([{ field: "source", equals: "Zillow" }]);
    expect(list[3]?.conditions).toEqual([]);
  });

  it.each([
    ["not JSON", "{", /not valid JSON/],
    ["an unknown type", [{ ...SLACK, type: "email" }], /0\.type/],
    ["a URL in the var", [{ ...SLACK, url: "https://hooks.slack.com/x" }], /0: Unrecognized key: "url"/],
    ["a secret name that is a URL", [{ ...SLACK, urlSecret: "https://hooks.slack.com/x" }], /0\.urlSecret/],
    ["an http destination without a signing secret", [{ ...HTTP, signingSecret: undefined }], /0\.signingSecret/],
    ["no events", [{ ...SLACK, events: [] }], /0\.events/],
    ["a bad event pattern", [{ ...SLACK, events: ["Lead Created"] }], /0\.events\.0/],
    [
      "a condition with two operators",
      [{ ...SLACK, conditions: [{ field: "source", equals: "a", contains: "b" }] }],
      /0\.conditions\.0/,
    ],
    ["duplicate ids", [SLACK, SLACK], /Destination ids must be unique/],
    ["an unknown time zone", [{ ...SLACK, timeZone: "Mars/Olympus" }], /sales\.timeZone/],
  ])("refuses %s, naming where", (_what, value, message) => {
    expect(() => parseDestinations(typeof value === "string" ? value : JSON.stringify(value))).toThrow(message);
  });
});

describe("destination URLs (secrets)", () => {
  it("refuses a retired Teams connector URL and says how to move", () => {
    const p = destinationUrlProblem(
      "teams",
      "https://contoso.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456",
    );
    expect(p).toMatch(/retired Office 365 connector/);
    expect(p).toMatch(/Workflows/);
    expect(
      destinationUrlProblem(
        "teams",
        "https://prod-12.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x",
      ),
    ).toBeNull();
  });

  it("takes https anywhere and plain http only to this machine", () => {
    expect(destinationUrlProblem("slack", "https://hooks.slack.com/services/T/B/X")).toBeNull();
    expect(destinationUrlProblem("http", "http://localhost:8787/__inbox/http")).toBeNull();
    expect(destinationUrlProblem("http", "http://127.0.0.1:9000/x")).toBeNull();
    expect(destinationUrlProblem("http", "http://crm.example.com/x")).toMatch(/https/);
    expect(destinationUrlProblem("discord", "not a url")).toMatch(/https/);
  });
});

describe("configFrom", () => {
  it("reads secrets, destinations and defaults", () => {
    const c = configFrom(env({ ACTUALLYCARE_WEBHOOK_SECRET_PREVIOUS: "previous-secret-01" }));
    expect(c.webhookSecrets).toEqual(["current-secret-0001", "previous-secret-01"]);
    expect(c.destinations.map((d) => [d.id, d.url, d.signingKey])).toEqual([
      ["sales", "https://hooks.slack.com/services/T000/B000/XXXX", null],
      ["crm", "https://crm.example.com/hooks/actuallycare", WHSEC],
    ]);
    expect(c.settings).toMatchObject({
      maxAgeMs: 30 * 60_000,
      maxFutureMs: 5 * 60_000,
      maxBodyBytes: 1_048_576,
      maxAttempts: 12,
      maxDelaySeconds: 21_600,
      timeZone: "America/Los_Angeles",
    });
    expect(configFrom(env({ FRESHNESS_WINDOW_MINUTES: "45", DELIVERY_MAX_ATTEMPTS: 3 })).settings).toMatchObject({
      maxAgeMs: 45 * 60_000,
      maxAttempts: 3,
    });
  });

  it("names every problem without echoing a secret", () => {
    const p = problem({ OPERATOR_TOKEN: "short", ACTUALLYCARE_WEBHOOK_SECRET: undefined });
    expect(p).toMatch(/OPERATOR_TOKEN must be at least 16/);
    expect(p).toMatch(/ACTUALLYCARE_WEBHOOK_SECRET/);
    expect(p).not.toContain("short");
    expect(problem({ SLACK_SALES_URL: undefined })).toMatch(/sales: the secret SLACK_SALES_URL is not set/);
    const teams = problem({
      DESTINATIONS: JSON.stringify([{ id: "t", type: "teams", urlSecret: "T_URL", events: ["*"] }]),
      T_URL: "https://contoso.webhook.office.com/webhookb2/secret-part/IncomingWebhook/1/2",
    });
    expect(teams).toMatch(/retired Office 365 connector/);
    expect(teams).not.toContain("secret-part");
    expect(problem({ CRM_WHSEC: "not-a-whsec" })).toMatch(/CRM_WHSEC must be a whsec_ secret/);
    expect(problem({ CRM_WHSEC: "not-a-whsec" })).not.toContain("not-a-whsec");
  });

  it("keeps the freshness window at 25 minutes or more, so ActuallyCare's retries are never refused", () => {
    expect(problem({ FRESHNESS_WINDOW_MINUTES: "20" })).toMatch(/FRESHNESS_WINDOW_MINUTES/);
    expect(problem({ FRESHNESS_WINDOW_MINUTES: "25" })).toBeNull();
    expect(problem({ DELIVERY_MAX_DELAY_SECONDS: "50000" })).toMatch(/DELIVERY_MAX_DELAY_SECONDS/);
    expect(problem({ TIME_ZONE: "Nowhere/Else" })).toMatch(/TIME_ZONE/);
  });
});
