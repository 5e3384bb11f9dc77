import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { configFrom } from "../../workers/lead-intake/src/config/env";
import { parseForms } from "../../workers/lead-intake/src/config/forms";

const form = { id: "demo", intent: "buyer", allowedOrigins: ["https://agent.example.com"] };
/** Looks like a real key and token, so a leak would be visible in the message. */
const SECRET_KEY = "sk_live_7f3a9c1e5b2d4f6a8c0e";
const SECRET_TOKEN = "hunter2-tok";

/** A fresh bindings object each time: configFrom caches per object. */
const bindings = (overrides: Record<string, unknown>) =>
  ({
    ...env,
    ACTUALLYCARE_BASE_URL: "https://api.actuallycare.com/v1",
    FORMS: JSON.stringify([form]),
    ...overrides,
  }) as Env;

/** The message a bad config fails with (failing the test if it does not fail). */
function refusal(load: () => unknown): string {
  try {
    load();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected the config to be refused");
}

describe("configFrom", () => {
  it("accepts the test deployment's bindings", () => {
    const config = configFrom(bindings({}));
    expect(config.apiKey).toBe(env.ACTUALLYCARE_API_KEY);
    expect([...config.forms.keys()]).toEqual(["demo"]);
  });

  it("names a missing or malformed API key, never its value", () => {
    expect(refusal(() => configFrom(bindings({ ACTUALLYCARE_API_KEY: undefined })))).toMatch(
      /^lead-intake is misconfigured: ACTUALLYCARE_API_KEY /,
    );
    const message = refusal(() => configFrom(bindings({ ACTUALLYCARE_API_KEY: SECRET_KEY })));
    expect(message).toContain("ACTUALLYCARE_API_KEY must be a 64-hex ActuallyCare API key");
    expect(message).not.toContain(SECRET_KEY);
  });

  it("names a short operator token, never its value, and reports every problem at once", () => {
    const message = refusal(() =>
      configFrom(bindings({ OPERATOR_TOKEN: SECRET_TOKEN, ACTUALLYCARE_API_KEY: SECRET_KEY })),
    );
    expect(message).toContain("OPERATOR_TOKEN must be at least 16 characters");
    expect(message).toContain("ACTUALLYCARE_API_KEY");
    for (const secret of [SECRET_TOKEN, SECRET_KEY]) expect(message).not.toContain(secret);
    expect(refusal(() => configFrom(bindings({ OPERATOR_TOKEN: undefined })))).toContain("OPERATOR_TOKEN");
  });

  it("refuses bad forms with the secrets fine, without quoting the secrets", () => {
    const message = refusal(() => configFrom(bindings({ FORMS: "[{" })));
    expect(message).toBe("FORMS is not valid JSON");
    expect(message).not.toContain(env.ACTUALLYCARE_API_KEY);
  });
});

describe("parseForms", () => {
  it("refuses JSON that does not parse", () => {
    expect(refusal(() => parseForms("[{'id': 'demo'}]"))).toBe("FORMS is not valid JSON");
  });

  it("refuses two forms with one id", () => {
    expect(refusal(() => parseForms(JSON.stringify([form, { ...form, intent: "seller" }])))).toContain(
      "Form ids must be unique",
    );
  });

  it("refuses origins that are not bare origins, naming the form's field", () => {
    for (const bad of ["https://agent.example.com/contact", "https://agent.example.com/", "*", "agent.example.com"]) {
      const message = refusal(() => parseForms(JSON.stringify([{ ...form, allowedOrigins: [bad] }])));
      expect(message).toContain("0.allowedOrigins.0: Expected an origin such as https://agent.example.com");
    }
  });

  it("refuses no forms, a bad id and an unknown intent, all in one message", () => {
    expect(refusal(() => parseForms("[]"))).toMatch(/^FORMS is invalid: FORMS: /);
    const message = refusal(() => parseForms(JSON.stringify([{ ...form, id: "Demo Form", intent: "renter" }])));
    expect(message).toContain("0.id: Form ids are lower-case letters, digits and dashes");
    expect(message).toContain("0.intent");
  });

  it("fills the defaults of a minimal form", () => {
    expect(parseForms(JSON.stringify([form])).get("demo")).toMatchObject({
      source: "Website Form",
      dedupeWindowHours: 24,
      minSubmitMs: 2000,
    });
  });
});
