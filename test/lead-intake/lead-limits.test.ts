// Whatever the accept-time schema takes, the lead it becomes passes the API's lead validation: the sandbox's own
// create schema (which models the API) and the client's `leadInputSchema`. A 202 that later dies as a 400 is a lost
// lead, so this is a property over every submission and every valid form, not a few examples.
import { leadInputSchema } from "@actuallycare/shared/client/groups/lead-input";
import { LEAD_LIMITS } from "@actuallycare/shared/client/groups/leads";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLeadSchema } from "../../sandbox/src/resources/leads";
import { type FormConfig, formSchema, INTENTS, OPTIONAL_FIELDS } from "../../workers/lead-intake/src/config/forms";
import { fitText } from "../../workers/lead-intake/src/submission/fit-text";
import { submissionSchema, TIMELINES } from "../../workers/lead-intake/src/submission/submission-schema";
import { type AcceptedSubmission, toLead } from "../../workers/lead-intake/src/submission/to-lead";

/** Strings a visitor (or a bot) may send: right-to-left overrides, zero-width and combining marks, NULs, emoji. */
const HOSTILE = [
  "\u202eevil\u202c",
  "\u200b",
  "\u0000",
  "e\u0301\u0301\u0301",
  "🏠🔑",
  "\u2028\u2029",
  "\ufeff",
  "<script>alert(1)</script>",
  "'; DROP TABLE leads; --",
  "__proto__",
  "   padded   ",
];

/**
 * Text of up to `max` UTF-16 units, biased to the edges: short, hostile, or within a few units of the limit (where
 * cuts go wrong), from the whole of Unicode. Slicing to `max` may leave half a surrogate pair: a visitor can send
 * that too (a JSON `\ud83c` escape).
 */
const text = (max: number) =>
  fc.oneof(
    { arbitrary: fc.string({ unit: "binary", maxLength: 12 }), weight: 3 },
    { arbitrary: fc.constantFrom(...HOSTILE), weight: 2 },
    {
      arbitrary: fc
        .string({ unit: "grapheme", minLength: Math.max(0, max - 6), maxLength: max })
        .map((s) => s.slice(0, max)),
      weight: 2,
    },
    { arbitrary: fc.string({ unit: "binary-ascii", minLength: max, maxLength: max }), weight: 1 },
  );

const formArb = fc
  .record(
    {
      id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,62}$/),
      intent: fc.constantFrom(...INTENTS),
      source: text(100).filter((s) => s.length >= 1),
      allowedOrigins: fc.constant(["https://agent.example.com"]),
      assignedAgentId: fc.uuid({ version: 4 }),
      consentText: text(1000).filter((s) => s.length >= 1),
      fields: fc.shuffledSubarray([...OPTIONAL_FIELDS]),
    },
    { requiredKeys: ["id", "intent", "allowedOrigins"] },
  )
  .map((raw) => formSchema.safeParse(raw))
  .filter((r) => r.success)
  .map((r) => r.data as FormConfig);

const submissionArb = fc.record(
  {
    submission_id: fc.uuid({ version: 4 }),
    name: fc.oneof(text(LEAD_LIMITS.name), fc.constant("Dana Whitfield")),
    email: fc.oneof(
      { arbitrary: fc.stringMatching(/^[a-z0-9]{1,30}(\.[a-z0-9+_-]{1,30})?@[a-z0-9-]{1,30}\.[a-z]{2,8}$/), weight: 4 },
      // RFC-valid addresses, many of which zod's stricter rule refuses (then the visitor is asked to correct it).
      { arbitrary: fc.emailAddress(), weight: 1 },
      { arbitrary: fc.constantFrom("", "  Dana.W@Example.COM  "), weight: 1 },
    ),
    phone: fc.oneof(fc.stringMatching(/^[+()\d\s.-]{7,40}$/), fc.constant("(661) 555-0117")),
    message: text(LEAD_LIMITS.message),
    timeline: fc.constantFrom("", ...TIMELINES),
    budget: fc.oneof(fc.nat(), fc.double({ min: 0, noNaN: true }), fc.constantFrom("425,000", "$1,200,000", " ")),
    property_address: text(500),
    listing_id: text(100),
    mls_number: text(50),
    consent: fc.constantFrom(true, "on", "true"),
    utm_source: text(200),
    utm_medium: text(200),
    utm_campaign: text(200),
    utm_term: text(200),
    utm_content: text(200),
    referrer: text(2000),
    landing_page: text(2000),
  },
  // Usually a person who gets through (an email, consent, an address); sometimes not, which the schema refuses.
  { requiredKeys: ["submission_id", "name", "email", "consent", "property_address"] },
);

/** The API trims every string before it validates (spec §4.13); so does the sandbox's body reader. */
const trimmed = (v: unknown): unknown =>
  typeof v === "string"
    ? v.trim()
    : v && typeof v === "object"
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, trimmed(x)]))
      : v;

describe("the lead built from an accepted submission", () => {
  it("passes the API's lead validation, for every submission the schema accepts and every valid form", () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(formArb, submissionArb, (form, values) => {
        runs += 1;
        const parsed = submissionSchema(form).safeParse(values);
        if (!parsed.success) return;
        accepted += 1;
        // What the queue carries is JSON, and the consumer validates it again before building the lead.
        const message = JSON.parse(
          JSON.stringify({ formId: form.id, submission: parsed.data, acceptedAt: new Date().toISOString() }),
        ) as AcceptedSubmission;
        const again = submissionSchema(form).safeParse(message.submission);
        expect(again.success, "the consumer refuses what was accepted").toBe(true);
        const lead = toLead(form, { ...message, submission: again.data as AcceptedSubmission["submission"] });
        const sent = JSON.parse(JSON.stringify(lead));
        const sandbox = createLeadSchema.safeParse(trimmed(sent));
        expect(sandbox.success ? [] : sandbox.error.issues, "the sandbox refuses the lead").toEqual([]);
        const client = leadInputSchema.safeParse(sent);
        expect(client.success ? [] : client.error.issues, "leadInputSchema refuses the lead").toEqual([]);
        // The visitor's own words are sent whole; the submission id closes the notes.
        expect(lead.name).toBe(parsed.data.name);
        expect(lead.message).toBe(parsed.data.message);
        expect(lead.notes?.endsWith(`Submission ${parsed.data.submission_id}.`)).toBe(true);
      }),
      { numRuns: 400 },
    );
    // Most generated submissions must be accepted, or the property says little.
    expect(accepted).toBeGreaterThan(runs / 2);
  });

  it("cuts attribution with an ellipsis: the form's source kept, utm_source shortened to fit", () => {
    const form = formSchema.parse({ id: "f", intent: "buyer", allowedOrigins: ["https://a.example"] });
    const s = submissionSchema(form).parse({
      submission_id: crypto.randomUUID(),
      name: "Dana",
      email: "dana@example.com",
      utm_source: "u".repeat(200),
    });
    const lead = toLead(form, { formId: "f", submission: s, acceptedAt: new Date().toISOString() });
    expect(lead.source).toBe(`Website Form / ${"u".repeat(100 - "Website Form / ".length - 1)}…`);
    expect(lead.source).toHaveLength(LEAD_LIMITS.source);
    // The whole value stays in the notes.
    expect(lead.notes).toContain(`Attribution: utm_source=${"u".repeat(200)}.`);
    const long = formSchema.parse({ ...form, source: "S".repeat(95) });
    expect(toLead(long, { formId: "f", submission: s, acceptedAt: "" }).source).toBe("S".repeat(95));
  });

  it("never splits an emoji when it cuts", () => {
    expect(fitText("ab🏠", 3)).toBe("ab…");
    expect(fitText("a🏠cd", 3)).toBe("a…");
    expect(fitText("abc", 3)).toBe("abc");
    expect(fitText("word  more", 6)).toBe("word…");
  });
});
