import type { FormatEvent, FormatOptions, Summary } from "./summary";
import { summarize } from "./summary";
import { fitEscaped, OVERFLOW_MARKER } from "./text";

/** Slack's Block Kit limits (api.slack.com/reference/block-kit), and our own cap on a message's size. */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  buttonText: 75,
  url: 3000,
  contextText: 3000,
  /** Ours: a readable message, far below the 40,000 characters where Slack truncates `text`. */
  fallbackText: 3000,
  /** Ours: the JSON body, in UTF-8 bytes. */
  totalBytes: 16_000,
  /** Ours: a field's value is a summary, not a document. */
  fieldValue: 500,
  fields: 20,
} as const;

const ZWSP = "\u200b";

/**
 * Escapes CRM text for Slack mrkdwn: `&`, `<` and `>` become entities (so no
 * `<!channel>`, `<@U…>` or `<url|label>` can be injected), and each of
 * `* _ ~ \`` gets a zero-width space before it, which keeps it from opening
 * bold, italics, strike or code.
 */
export function escapeMrkdwn(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[*_~`]/g, (c) => `${ZWSP}${c}`);
}

type Text = { type: "plain_text"; text: string; emoji?: boolean } | { type: "mrkdwn"; text: string };
export type SlackBlock =
  | { type: "header"; text: Text }
  | { type: "section"; text?: Text; fields?: Text[] }
  | { type: "actions"; elements: Array<{ type: "button"; text: Text; url: string }> }
  | { type: "context"; elements: Text[] };
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

const plain = (s: string, max: number): Text => ({ type: "plain_text", text: fitEscaped(s, max) || " ", emoji: true });

function build(summary: Summary, fieldCount: number): SlackMessage {
  const L = SLACK_LIMITS;
  const blocks: SlackBlock[] = [{ type: "header", text: plain(summary.title, L.headerText) }];
  if (summary.detail) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: fitEscaped(summary.detail, L.sectionText, escapeMrkdwn) },
    });
  }
  const shown = summary.fields.slice(0, fieldCount);
  for (let i = 0; i < shown.length; i += L.fieldsPerSection) {
    const fields = shown.slice(i, i + L.fieldsPerSection).map((f): Text => {
      const label = `*${fitEscaped(f.label, 100, escapeMrkdwn)}*\n`;
      return {
        type: "mrkdwn",
        text: label + fitEscaped(f.value, Math.min(L.fieldValue, L.fieldText - label.length), escapeMrkdwn),
      };
    });
    blocks.push({ type: "section", fields });
  }
  const hidden = summary.fields.length - shown.length;
  if (summary.link && summary.link.url.length <= L.url) {
    blocks.push({
      type: "actions",
      elements: [{ type: "button", text: plain(summary.link.label, L.buttonText), url: summary.link.url }],
    });
  }
  const context = [
    `\`${fitEscaped(summary.eventName, 200, escapeMrkdwn)}\``,
    fitEscaped(summary.timestamp, 100, escapeMrkdwn),
  ];
  if (hidden > 0) context.push(`${OVERFLOW_MARKER} ${hidden} more field${hidden === 1 ? "" : "s"} not shown`);
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: context.join(" · ") }] });
  return {
    text: fitEscaped(
      summary.detail ? `${summary.title}: ${summary.detail}` : summary.title,
      L.fallbackText,
      escapeMrkdwn,
    ),
    blocks: blocks.slice(0, L.blocks),
    unfurl_links: false,
    unfurl_media: false,
  };
}

const bytes = (m: unknown) => new TextEncoder().encode(JSON.stringify(m)).length;

/**
 * A Slack incoming-webhook message: a header with the summary, the detail, the
 * fields in two-column sections, an "Open in ActuallyCare" button and a context
 * line with the event name and time; `text` is the notification fallback.
 * Fields beyond what fits are dropped with a marker saying how many.
 */
export function formatSlack(event: FormatEvent, options: FormatOptions): SlackMessage {
  const summary = summarize(event, options);
  let count = Math.min(summary.fields.length, SLACK_LIMITS.fields);
  let message = build(summary, count);
  while (count > 0 && bytes(message) > SLACK_LIMITS.totalBytes) message = build(summary, --count);
  return message;
}
