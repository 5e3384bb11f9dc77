import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeDiscord, formatDiscord } from "../../workers/webhook-fanout/src/format/discord";
import { escapeMrkdwn, formatSlack, type SlackBlock } from "../../workers/webhook-fanout/src/format/slack";
import type { FormatEvent } from "../../workers/webhook-fanout/src/format/summary";
import { summarize } from "../../workers/webhook-fanout/src/format/summary";
import { escapeTeamsMarkdown, formatTeams } from "../../workers/webhook-fanout/src/format/teams";
import { discordProblems, slackProblems, teamsProblems } from "./format-limits";

const OPTIONS = { appUrl: "https://app.actuallycare.com", timeZone: "America/Los_Angeles" };
const ev = (name: string, data: unknown): FormatEvent => ({
  id: "a".repeat(64),
  name,
  timestamp: "2026-07-15T14:32:10.000Z",
  data,
});
const LEAD = {
  id: "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b",
  name: "Rachel Kim",
  email: "rachel.kim@example.com",
  phone: "(661) 555-0198",
  source: "Website Form",
  status: "new",
};
const ZWSP = "\u200b";
const all = (e: FormatEvent) => ({
  slack: formatSlack(e, OPTIONS),
  teams: formatTeams(e, OPTIONS),
  discord: formatDiscord(e, OPTIONS),
});
const header = (blocks: SlackBlock[]) => (blocks[0]?.type === "header" ? blocks[0].text.text : null);

describe("summaries per event category", () => {
  it.each([
    [
      "lead.created",
      LEAD,
      "New lead: Rachel Kim · Website Form",
      "https://app.actuallycare.com/leads/f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b",
    ],
    [
      "lead.updated",
      LEAD,
      "Lead updated: Rachel Kim",
      "https://app.actuallycare.com/leads/f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b",
    ],
    [
      "lead.converted",
      { id: LEAD.id, name: "Rachel Kim", status: "converted", converted_to_client_id: "c1" },
      "Lead converted to a client: Rachel Kim",
      "https://app.actuallycare.com/clients/c1",
    ],
    ["lead.deleted", { id: LEAD.id }, "Lead deleted", null],
    [
      "client.created",
      {
        id: "c1",
        first_name: "Ava",
        last_name: "Chen",
        email: "ava@example.com",
        client_type: "buyer",
        status: "active",
      },
      "New client: Ava Chen",
      "https://app.actuallycare.com/clients/c1",
    ],
    ["contact.archived", { id: "k1" }, "Contact archived", "https://app.actuallycare.com/contacts/k1"],
    [
      "escrow.created",
      {
        id: "e1",
        status: "open",
        property_address: "212 Mountain View Rd, Tehachapi, CA",
        escrow_number: "ESC-2026-0042",
      },
      "Escrow opened: ESC-2026-0042 · 212 Mountain View Rd, Tehachapi, CA",
      "https://app.actuallycare.com/escrows/e1",
    ],
    [
      "listing.created",
      { id: "l1", mls_number: "SR26140231", address: "212 Mountain View Rd", list_price: 425000, status: "active" },
      "New listing: 212 Mountain View Rd · $425,000",
      "https://app.actuallycare.com/listings/l1",
    ],
    [
      "listing.status_changed",
      { id: "l1", address: "212 Mountain View Rd", previous_status: "active", status: "under_contract" },
      "Listing status changed: 212 Mountain View Rd · active → under contract",
      "https://app.actuallycare.com/listings/l1",
    ],
    ["webhook.test", { test: true, message: "Hello" }, "Test delivery from ActuallyCare", null],
  ])("%s", (name, data, title, link) => {
    const s = summarize(ev(name, data), OPTIONS);
    expect(s.title).toBe(title);
    expect(s.link?.url ?? null).toBe(link);
    expect(header(formatSlack(ev(name, data), OPTIONS).blocks)).toBe(title);
  });

  it("an escrow status change names the address and old → new status", () => {
    const data = {
      id: "e1",
      escrow_number: "ESC-2026-0042",
      property_address: "212 Mountain View Rd, Tehachapi, CA",
      previous_status: "open",
      status: "pending_close",
    };
    const s = summarize(ev("escrow.status_changed", data), OPTIONS);
    expect(s.title).toBe("Escrow status changed: ESC-2026-0042 · open → pending close");
    expect(s.detail).toBe("212 Mountain View Rd, Tehachapi, CA");
    const slack = formatSlack(ev("escrow.status_changed", data), OPTIONS);
    expect(slack.text).toBe(
      "Escrow status changed: ESC-2026-0042 · open → pending close: 212 Mountain View Rd, Tehachapi, CA",
    );
  });

  it("an appointment shows its start in the reader's local time", () => {
    const data = {
      id: "a1",
      title: "Showing at 212 Mountain View Rd",
      appointment_type: "showing",
      start_time: "2026-07-15T21:30:00.000Z",
      end_time: "2026-07-15T22:00:00.000Z",
      status: "scheduled",
    };
    const s = summarize(ev("appointment.created", data), OPTIONS);
    expect(s.title).toBe("Appointment scheduled: Showing at 212 Mountain View Rd · Wed, Jul 15, 2:30 PM PDT");
    expect(s.fields).toContainEqual({ label: "Ends", value: "Wed, Jul 15, 3:00 PM PDT" });
    const ny = summarize(ev("appointment.created", data), { ...OPTIONS, timeZone: "America/New_York" });
    expect(ny.title).toContain("5:30 PM EDT");
  });

  it("an unknown event gets a generic but readable message in every format", () => {
    const e = ev("care_status.flagged", { level: 3, reason: "No reply in 14 days", nested: { a: 1 } });
    const s = summarize(e, OPTIONS);
    expect(s.title).toBe("ActuallyCare: Care status flagged");
    expect(s.fields).toEqual([
      { label: "Level", value: "3" },
      { label: "Reason", value: "No reply in 14 days" },
      { label: "Nested", value: '{"a":1}' },
    ]);
    const { slack, teams, discord } = all(e);
    expect(header(slack.blocks)).toBe("ActuallyCare: Care status flagged");
    expect(JSON.stringify(slack)).toContain("No reply in 14 days");
    expect(teams.attachments[0]?.content.body[0]).toMatchObject({
      type: "TextBlock",
      text: "ActuallyCare: Care status flagged",
    });
    expect(discord.embeds[0]?.title).toBe("ActuallyCare\\: Care status flagged");
    // Known category, unknown action: generic too.
    expect(summarize(ev("lead.merged", LEAD), OPTIONS).title).toBe("ActuallyCare: Lead merged");
    expect(summarize(ev("weird", "just text"), OPTIONS).fields).toEqual([{ label: "Data", value: "just text" }]);
  });
});

describe("Slack Block Kit", () => {
  it("has a header, fields, a button into the app, a context line and a text fallback", () => {
    const m = formatSlack(ev("lead.created", LEAD), OPTIONS);
    expect(m.text).toBe("New lead: Rachel Kim · Website Form");
    expect(m.blocks.map((b) => b.type)).toEqual(["header", "section", "actions", "context"]);
    expect(m.blocks[1]).toEqual({
      type: "section",
      fields: [
        { type: "mrkdwn", text: "*Email*\nrachel.kim@example.com" },
        { type: "mrkdwn", text: "*Phone*\n(661) 555-0198" },
        { type: "mrkdwn", text: "*Source*\nWebsite Form" },
        { type: "mrkdwn", text: "*Status*\nnew" },
      ],
    });
    expect(m.blocks[2]).toMatchObject({
      elements: [{ type: "button", url: `https://app.actuallycare.com/leads/${LEAD.id}` }],
    });
    expect(slackProblems(m)).toEqual([]);
  });

  it("escapes every CRM value for mrkdwn: no mention, link or formatting can be injected", () => {
    const hostile = {
      ...LEAD,
      name: "<!channel> *URGENT* <https://evil.example|click>",
      source: "a & b > c_d ~e~ `x`",
    };
    const m = formatSlack(ev("lead.created", hostile), OPTIONS);
    const values = [
      m.text,
      ...m.blocks.flatMap((b) =>
        b.type === "section" ? (b.fields ?? []).map((f) => f.text.replace(/^\*[^*\n]+\*\n/, "")) : [],
      ),
    ];
    for (const t of values) {
      expect(t).not.toMatch(/[<>]/);
      expect(t).not.toMatch(/(^|[^\u200b])[*_~`]/u);
    }
    expect(m.text).toContain("&lt;!channel&gt;");
    expect(m.text).toContain(`${ZWSP}*URGENT${ZWSP}*`);
    expect(JSON.stringify(m.blocks[1])).toContain(`a &amp; b &gt; c${ZWSP}_d ${ZWSP}~e${ZWSP}~ ${ZWSP}\`x${ZWSP}\``);
    // The header is plain_text: Slack shows it literally, so it is not escaped.
    expect(header(m.blocks)).toContain("<!channel> *URGENT*");
  });

  it("escapeMrkdwn can be undone exactly and leaves nothing active (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (s) => {
        const e = escapeMrkdwn(s);
        expect(e).not.toMatch(/[<>]/);
        expect(e.replace(/&(?!amp;|lt;|gt;)/g, "")).toBe(e); // every & starts one of our entities
        for (let i = 0; i < e.length; i++) if ("*_~`".includes(e[i] as string)) expect(e[i - 1]).toBe(ZWSP);
        const undone = e
          .replace(new RegExp(`${ZWSP}([*_~\`])`, "g"), "$1")
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&amp;/g, "&");
        expect(undone).toBe(s);
      }),
    );
  });
});

describe("Discord embeds", () => {
  it("one embed with a linked title, fields, the event name in the footer, and no mentions", () => {
    const m = formatDiscord(ev("lead.created", LEAD), OPTIONS);
    expect(m.allowed_mentions).toEqual({ parse: [] });
    expect(m.embeds).toHaveLength(1);
    const [e] = m.embeds;
    expect(e?.title).toBe("New lead\\: Rachel Kim · Website Form");
    expect(e?.url).toBe(`https://app.actuallycare.com/leads/${LEAD.id}`);
    expect(e?.fields[0]).toEqual({ name: "Email", value: "rachel\\.kim\\@example\\.com", inline: true });
    expect(e?.footer.text).toBe("lead.created");
    expect(e?.timestamp).toBe("2026-07-15T14:32:10.000Z");
    expect(discordProblems(m)).toEqual([]);
  });

  it("escapes markdown, masked links and mentions", () => {
    const m = formatDiscord(
      ev("lead.created", { ...LEAD, name: "@everyone [win](https://evil.example) **x** <@123>" }),
      OPTIONS,
    );
    const title = m.embeds[0]?.title ?? "";
    expect(title).toContain("\\@everyone \\[win\\]\\(https\\:");
    expect(title).toContain("\\*\\*x\\*\\* \\<\\@123\\>");
  });

  it("escapeDiscord can be undone exactly and leaves no markdown (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (s) => {
        const e = escapeDiscord(s);
        expect(e.replace(/\\(.)/gsu, "$1")).toBe(s);
        expect(e.replace(/\\./gsu, "")).not.toMatch(/[*_~`|>#[\]()<@]/);
      }),
    );
  });
});

describe("Teams Adaptive Card", () => {
  it("a card for a Workflows webhook, with facts and an Open in ActuallyCare action", () => {
    const m = formatTeams(ev("lead.created", LEAD), OPTIONS);
    expect(m.type).toBe("message");
    const card = m.attachments[0]?.content;
    expect(card?.body[0]).toEqual({
      type: "TextBlock",
      text: "New lead: Rachel Kim · Website Form",
      wrap: true,
      weight: "Bolder",
      size: "Medium",
    });
    expect(card?.body[1]).toMatchObject({
      type: "FactSet",
      facts: [{ title: "Email", value: "rachel.kim@example.com" }, {}, {}, {}],
    });
    expect(card?.actions).toEqual([
      { type: "Action.OpenUrl", title: "Open in ActuallyCare", url: `https://app.actuallycare.com/leads/${LEAD.id}` },
    ]);
    expect(teamsProblems(m)).toEqual([]);
  });

  it("escapes markdown so values read as typed", () => {
    expect(escapeTeamsMarkdown("**bold** [x](y) _i_")).toBe("\\*\\*bold\\*\\* \\[x\\]\\(y\\) \\_i\\_");
    expect(escapeTeamsMarkdown("- item\n1. first")).toBe("\\- item\n1\\. first");
    expect(escapeTeamsMarkdown("well-known 3.5 baths")).toBe("well-known 3.5 baths");
  });
});

const hostileText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.string({ unit: "grapheme", minLength: 3000, maxLength: 12_000 }),
  fc.constantFrom(
    "x".repeat(10_240),
    "&".repeat(5000),
    "*_~`".repeat(3000),
    "😀👩‍👩‍👧‍👦🏳️‍🌈".repeat(800),
    "مرحبا بالعالم \u202e evil \u202c".repeat(300),
    "<!channel> @everyone [a](b) ".repeat(400),
  ),
);
const anyData = fc.oneof(
  fc.dictionary(
    fc.string({ minLength: 1, maxLength: 300 }),
    fc.oneof(hostileText, fc.double(), fc.boolean(), fc.constant(null), fc.array(hostileText, { maxLength: 3 })),
    { maxKeys: 60 },
  ),
  fc.record({ id: hostileText, name: hostileText, source: hostileText, email: hostileText, phone: hostileText }),
  fc.record({
    id: hostileText,
    escrow_number: hostileText,
    property_address: hostileText,
    previous_status: hostileText,
    status: hostileText,
  }),
  fc.record({
    id: hostileText,
    title: hostileText,
    start_time: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    appointment_type: hostileText,
  }),
);
const anyName = fc.oneof(
  fc.constantFrom(
    "lead.created",
    "lead.converted",
    "escrow.status_changed",
    "listing.created",
    "appointment.created",
    "contact.updated",
    "webhook.test",
  ),
  fc.stringMatching(/^[a-z_]{1,300}\.[a-z_]{1,300}$/),
);

describe("limits (property)", () => {
  it("no event, however long or hostile, makes a message over any platform's limits", () => {
    fc.assert(
      fc.property(anyName, anyData, (name, data) => {
        const { slack, teams, discord } = all(ev(name, data));
        expect(slackProblems(slack)).toEqual([]);
        expect(teamsProblems(teams)).toEqual([]);
        expect(discordProblems(discord)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("says how many fields did not fit", () => {
    const data = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field_${i}`, "v".repeat(900)]));
    const { slack, teams, discord } = all(ev("custom.thing", data));
    expect(JSON.stringify(slack.blocks.at(-1))).toMatch(/… \d+ more fields not shown/);
    expect(JSON.stringify(teams)).toMatch(/… \d+ more fields not shown/);
    expect(discord.embeds[0]?.footer.text).toMatch(/… \d+ more fields not shown/);
    // Long values end with the overflow marker rather than being cut silently.
    expect(JSON.stringify(slack.blocks[1])).toContain("v…");
  });
});
