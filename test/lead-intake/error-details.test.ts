// The exact error details lead-intake puts in its envelopes and logs, for a table of mistakes. Recorded once from
// the classic-zod code and checked by hand: a change of zod flavour or version must not change a single word.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { configFrom } from "../../workers/lead-intake/src/config/env";
import worker from "../../workers/lead-intake/src/index";
import { person, submitJson } from "./intake-helpers";

const long = (n: number) => "x".repeat(n);
/** A valid form, the base of the FORMS mistakes. */
const form = { id: "demo", intent: "buyer", allowedOrigins: ["https://agent.example.com"] };

/** A submission mistake (overrides of a valid `person()`) and the details the 400 envelope must carry. */
interface SubmissionCase {
  name: string;
  form?: "demo" | "valuation";
  overrides: Record<string, unknown>;
  details: Array<{ field: string; message: string }>;
}

const SUBMISSIONS: SubmissionCase[] = [
  {
    name: "no name",
    overrides: { name: undefined },
    details: [{ field: "name", message: "Please enter your name" }],
  },
  {
    name: "a blank name",
    overrides: { name: "   " },
    details: [{ field: "name", message: "Please enter your name" }],
  },
  {
    name: "a name that is a number",
    overrides: { name: 42 },
    details: [{ field: "name", message: "Please enter your name" }],
  },
  {
    name: "a name over 200 characters",
    overrides: { name: long(201) },
    details: [{ field: "name", message: "Must be at most 200 characters" }],
  },
  {
    name: "a malformed email",
    overrides: { email: "not-an-email" },
    details: [{ field: "email", message: "Please enter a valid email address" }],
  },
  {
    name: "an email that is a number",
    overrides: { email: 5 },
    details: [{ field: "email", message: "Invalid input: expected string, received number" }],
  },
  {
    name: "neither email nor phone",
    overrides: { email: "", phone: "" },
    details: [{ field: "email", message: "Please enter an email address or a phone number" }],
  },
  {
    name: "a phone with letters",
    overrides: { phone: "call me" },
    details: [{ field: "phone", message: "Please enter a valid phone number" }],
  },
  {
    name: "a phone over 40 characters",
    overrides: { phone: "5".repeat(41) },
    details: [{ field: "phone", message: "Must be at most 40 characters" }],
  },
  {
    name: "a message over 5000 characters",
    overrides: { message: long(5001) },
    details: [{ field: "message", message: "Must be at most 5000 characters" }],
  },
  {
    name: "an unknown timeline",
    overrides: { timeline: "next year" },
    details: [{ field: "timeline", message: "Choose one of: ASAP, 1-3 months, 3-6 months, 6+ months" }],
  },
  {
    name: "a budget in words",
    overrides: { budget: "lots" },
    details: [{ field: "budget", message: "Expected an amount" }],
  },
  {
    name: "a negative budget",
    overrides: { budget: "-5" },
    details: [{ field: "budget", message: "Budget must be at least 0" }],
  },
  {
    name: "a budget that is a boolean",
    overrides: { budget: true },
    details: [{ field: "budget", message: "Expected an amount" }],
  },
  {
    name: "a submission id that is not a UUID",
    overrides: { submission_id: "not-a-uuid" },
    details: [{ field: "submission_id", message: "Expected a submission id (UUID)" }],
  },
  {
    name: "a consent that is not a yes",
    overrides: { consent: "yes" },
    details: [{ field: "consent", message: "Invalid input" }],
  },
  {
    name: "an utm_source over 200 characters",
    overrides: { utm_source: long(201) },
    details: [{ field: "utm_source", message: "Must be at most 200 characters" }],
  },
  {
    name: "a listing id over 100 characters",
    overrides: { listing_id: long(101) },
    details: [{ field: "listing_id", message: "Must be at most 100 characters" }],
  },
  {
    name: "an MLS number that is a number",
    overrides: { mls_number: 12 },
    details: [{ field: "mls_number", message: "Invalid input: expected string, received number" }],
  },
  {
    name: "a referrer that is an object",
    overrides: { referrer: { href: "x" } },
    details: [{ field: "referrer", message: "Invalid input: expected string, received object" }],
  },
  {
    name: "several mistakes at once",
    overrides: { name: "", email: "nope", timeline: "soon", budget: "-1" },
    details: [
      { field: "name", message: "Please enter your name" },
      { field: "email", message: "Please enter a valid email address" },
      { field: "timeline", message: "Choose one of: ASAP, 1-3 months, 3-6 months, 6+ months" },
      { field: "budget", message: "Budget must be at least 0" },
    ],
  },
  {
    name: "a seller form without address or consent",
    form: "valuation",
    overrides: {},
    details: [
      { field: "consent", message: "Please tick the box to agree" },
      { field: "property_address", message: "Please enter the property's address" },
    ],
  },
  {
    name: "a seller form with a blank address and consent false",
    form: "valuation",
    overrides: { property_address: " ", consent: false },
    details: [
      { field: "consent", message: "Please tick the box to agree" },
      { field: "property_address", message: "Please enter the property's address" },
    ],
  },
];

/** A FORMS value and the message `configFrom` throws: what CONFIG_INVALID logs and check:config prints. */
const FORMS_CASES: Array<{ name: string; forms: unknown; message: string }> = [
  {
    name: "no forms",
    forms: "[]",
    message: "FORMS is invalid: FORMS: Too small: expected array to have >=1 items",
  },
  {
    name: "an object instead of a list",
    forms: "{}",
    message: "FORMS is invalid: FORMS: Invalid input: expected array, received object",
  },
  {
    name: "a bad id, an unknown intent and a path in an origin",
    forms: [{ id: "Bad Id", intent: "renter", allowedOrigins: ["https://x.example/path"] }],
    message:
      'FORMS is invalid: 0.id: Form ids are lower-case letters, digits and dashes; 0.intent: Invalid option: expected one of "buyer"|"seller"|"property"|"open_house"; 0.allowedOrigins.0: Expected an origin such as https://agent.example.com',
  },
  {
    name: "a form without id, intent or origins",
    forms: [{}],
    message:
      'FORMS is invalid: 0.id: Invalid input: expected string, received undefined; 0.intent: Invalid option: expected one of "buyer"|"seller"|"property"|"open_house"; 0.allowedOrigins: Invalid input: expected array, received undefined',
  },
  {
    name: "a form that is a string",
    forms: ["demo"],
    message: "FORMS is invalid: 0: Invalid input: expected object, received string",
  },
  {
    name: "no allowed origins",
    forms: [{ ...form, allowedOrigins: [] }],
    message: "FORMS is invalid: 0.allowedOrigins: Too small: expected array to have >=1 items",
  },
  {
    name: "a wildcard origin",
    forms: [{ ...form, allowedOrigins: ["*"] }],
    message: "FORMS is invalid: 0.allowedOrigins.0: Expected an origin such as https://agent.example.com",
  },
  {
    name: "a thank-you URL that is not a URL",
    forms: [{ ...form, thankYouUrl: "thanks.html" }],
    message: "FORMS is invalid: 0.thankYouUrl: Invalid URL",
  },
  {
    name: "an agent id that is not a UUID",
    forms: [{ ...form, assignedAgentId: "123" }],
    message: "FORMS is invalid: 0.assignedAgentId: Invalid UUID",
  },
  {
    name: "an empty consent text",
    forms: [{ ...form, consentText: "" }],
    message: "FORMS is invalid: 0.consentText: Too small: expected string to have >=1 characters",
  },
  {
    name: "a title over 120 characters",
    forms: [{ ...form, title: long(121) }],
    message: "FORMS is invalid: 0.title: Too big: expected string to have <=120 characters",
  },
  {
    name: "an empty source",
    forms: [{ ...form, source: "" }],
    message: "FORMS is invalid: 0.source: Too small: expected string to have >=1 characters",
  },
  {
    name: "repeated fields",
    forms: [{ ...form, fields: ["budget", "budget"] }],
    message: "FORMS is invalid: 0.fields: Fields must not repeat",
  },
  {
    name: "an unknown field",
    forms: [{ ...form, fields: ["colour"] }],
    message:
      'FORMS is invalid: 0.fields.0: Invalid option: expected one of "timeline"|"budget"|"property_address"|"message"',
  },
  {
    name: "a turnstile site key over 100 characters",
    forms: [{ ...form, turnstileSiteKey: long(101) }],
    message: "FORMS is invalid: 0.turnstileSiteKey: Too big: expected string to have <=100 characters",
  },
  {
    name: "a dedupe window over 30 days",
    forms: [{ ...form, dedupeWindowHours: 1000 }],
    message: "FORMS is invalid: 0.dedupeWindowHours: Too big: expected number to be <=720",
  },
  {
    name: "a negative minimum time",
    forms: [{ ...form, minSubmitMs: -1 }],
    message: "FORMS is invalid: 0.minSubmitMs: Too small: expected number to be >=0",
  },
  {
    name: "a fractional minimum time",
    forms: [{ ...form, minSubmitMs: 1.5 }],
    message: "FORMS is invalid: 0.minSubmitMs: Invalid input: expected int, received number",
  },
  {
    name: "a dedupe window as text",
    forms: [{ ...form, dedupeWindowHours: "24" }],
    message: "FORMS is invalid: 0.dedupeWindowHours: Invalid input: expected number, received string",
  },
  {
    name: "two forms with one id",
    forms: [{ ...form }, { ...form, intent: "seller" }],
    message: "FORMS is invalid: FORMS: Form ids must be unique",
  },
  {
    name: "problems in two forms",
    forms: [
      { ...form, intent: "Buyer" },
      { id: "b", intent: "buyer", allowedOrigins: "https://a.example" },
    ],
    message:
      'FORMS is invalid: 0.intent: Invalid option: expected one of "buyer"|"seller"|"property"|"open_house"; 1.allowedOrigins: Invalid input: expected array, received string',
  },
  {
    name: "a turnstile form without the secret",
    forms: [{ ...form, turnstileSiteKey: "1x00000000000000000000AA" }],
    message: "lead-intake is misconfigured: TURNSTILE_SECRET_KEY is required by the forms demo",
  },
];

/** Other bindings gone wrong, with the demo form fine. */
const ENV_CASES: Array<{ name: string; bindings: Record<string, unknown>; message: string }> = [
  {
    name: "a base URL that is not a URL",
    bindings: { ACTUALLYCARE_BASE_URL: "api.actuallycare.com" },
    message: "lead-intake is misconfigured: ACTUALLYCARE_BASE_URL Invalid URL",
  },
  {
    name: "no API key",
    bindings: { ACTUALLYCARE_API_KEY: undefined },
    message: "lead-intake is misconfigured: ACTUALLYCARE_API_KEY Invalid input: expected string, received undefined",
  },
  {
    name: "an API key in capitals",
    bindings: { ACTUALLYCARE_API_KEY: "A".repeat(64) },
    message: "lead-intake is misconfigured: ACTUALLYCARE_API_KEY must be a 64-hex ActuallyCare API key",
  },
  {
    name: "a short operator token",
    bindings: { OPERATOR_TOKEN: "short" },
    message: "lead-intake is misconfigured: OPERATOR_TOKEN must be at least 16 characters",
  },
  {
    name: "no operator token",
    bindings: { OPERATOR_TOKEN: undefined },
    message: "lead-intake is misconfigured: OPERATOR_TOKEN Invalid input: expected string, received undefined",
  },
  {
    name: "a short form signing secret",
    bindings: { FORM_SIGNING_SECRET: "too-short" },
    message: "lead-intake is misconfigured: FORM_SIGNING_SECRET must be at least 32 characters",
  },
  {
    name: "no form signing secret",
    bindings: { FORM_SIGNING_SECRET: undefined },
    message: "lead-intake is misconfigured: FORM_SIGNING_SECRET Invalid input: expected string, received undefined",
  },
  {
    name: "an API timeout in words",
    bindings: { API_TIMEOUT_MS: "fast" },
    message: "lead-intake is misconfigured: API_TIMEOUT_MS Invalid input: expected number, received NaN",
  },
  {
    name: "an API timeout under 250 ms",
    bindings: { API_TIMEOUT_MS: "10" },
    message: "lead-intake is misconfigured: API_TIMEOUT_MS Too small: expected number to be >=250",
  },
  {
    name: "no FORMS",
    bindings: { FORMS: undefined },
    message: "lead-intake is misconfigured: FORMS Invalid input: expected string, received undefined",
  },
  {
    name: "an empty Turnstile secret",
    bindings: { TURNSTILE_SECRET_KEY: "" },
    message: "lead-intake is misconfigured: TURNSTILE_SECRET_KEY Too small: expected string to have >=1 characters",
  },
  {
    name: "several at once",
    bindings: { ACTUALLYCARE_BASE_URL: "", ACTUALLYCARE_API_KEY: 7, OPERATOR_TOKEN: "" },
    message:
      "lead-intake is misconfigured: ACTUALLYCARE_BASE_URL Invalid URL; ACTUALLYCARE_API_KEY Invalid input: expected string, received number; OPERATOR_TOKEN must be at least 16 characters",
  },
];

const bindings = (overrides: Record<string, unknown>) =>
  ({
    ...env,
    ACTUALLYCARE_BASE_URL: "https://api.actuallycare.com/v1",
    FORMS: JSON.stringify([form]),
    ...overrides,
  }) as Env;

function refusal(load: () => unknown): string {
  try {
    load();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected the config to be refused");
}

describe("submission validation details", () => {
  it.each(SUBMISSIONS.map((c, i) => [c.name, c, i] as const))("%s", async (_name, c, i) => {
    const origin = c.form === "valuation" ? "https://agent.example.com" : undefined;
    const res = await submitJson(
      person(c.overrides),
      { "CF-Connecting-IP": `198.51.100.${i + 1}`, ...(origin ? { Origin: origin } : {}) },
      c.form ?? "demo",
    );
    const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
    expect({ status: res.status, code: body.error.code, message: body.error.message }).toEqual({
      status: 400,
      code: "VALIDATION_ERROR",
      message: "Please correct the highlighted fields",
    });
    expect(body.error.details).toEqual(c.details);
  });
});

describe("FORMS config errors", () => {
  it.each(FORMS_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const forms = typeof c.forms === "string" ? c.forms : JSON.stringify(c.forms);
    // Without the Turnstile secret, so a form that needs it is refused as a deployment without it is.
    expect(refusal(() => configFrom(bindings({ FORMS: forms, TURNSTILE_SECRET_KEY: undefined })))).toBe(c.message);
  });

  it.each(ENV_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(refusal(() => configFrom(bindings(c.bindings)))).toBe(c.message);
  });

  it("logs exactly that message behind CONFIG_INVALID", async () => {
    const c = FORMS_CASES[2];
    if (!c) throw new Error("no FORMS case");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request("http://localhost:8788/health"),
      bindings({ FORMS: JSON.stringify(c.forms) }),
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(500);
    const lines = log.mock.calls.flat().map((line) => JSON.parse(String(line)));
    expect(lines).toEqual([
      expect.objectContaining({ event: "http.error", method: "GET", path: "/health", code: "CONFIG_INVALID" }),
    ]);
    expect(lines[0].detail).toBe(c.message);
    log.mockRestore();
  });
});
