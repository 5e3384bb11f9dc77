import type { FormatEvent, FormatOptions, Summary } from "./summary";
import { summarize } from "./summary";
import { fitEscaped, OVERFLOW_MARKER } from "./text";

/** What a Teams Workflows webhook takes (a 28 KB message), and our caps for a readable card. */
export const TEAMS_LIMITS = {
  totalBytes: 28_000,
  title: 300,
  detail: 2000,
  facts: 20,
  factTitle: 100,
  factValue: 500,
} as const;

/**
 * Escapes CRM text for the Markdown subset Adaptive Cards render in Teams:
 * emphasis, code, links and headings get a backslash, and so do list markers
 * at the start of a line, so a value reads exactly as it was typed.
 */
export function escapeTeamsMarkdown(s: string): string {
  return s
    .replace(/[\\*_~`[\]()<>#]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+])(?=\s)/gm, "$1\\$2")
    .replace(/^(\s*\d+)\.(?=\s)/gm, "$1\\.");
}

type Element =
  | {
      type: "TextBlock";
      text: string;
      wrap: true;
      weight?: "Bolder";
      size?: "Medium" | "Small";
      isSubtle?: boolean;
    }
  | { type: "FactSet"; facts: Array<{ title: string; value: string }> };

export interface AdaptiveCard {
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
  type: "AdaptiveCard";
  version: "1.4";
  body: Element[];
  actions: Array<{ type: "Action.OpenUrl"; title: string; url: string }>;
  msteams: { width: "Full" };
}
/** The body a Workflows "When a Teams webhook request is received" trigger expects. */
export interface TeamsMessage {
  type: "message";
  attachments: Array<{
    contentType: "application/vnd.microsoft.card.adaptive";
    contentUrl: null;
    content: AdaptiveCard;
  }>;
}

function build(summary: Summary, factCount: number): TeamsMessage {
  const L = TEAMS_LIMITS;
  const body: Element[] = [
    {
      type: "TextBlock",
      text: fitEscaped(summary.title, L.title, escapeTeamsMarkdown),
      wrap: true,
      weight: "Bolder",
      size: "Medium",
    },
  ];
  if (summary.detail)
    body.push({ type: "TextBlock", text: fitEscaped(summary.detail, L.detail, escapeTeamsMarkdown), wrap: true });
  const shown = summary.fields.slice(0, factCount);
  if (shown.length > 0) {
    body.push({
      type: "FactSet",
      facts: shown.map((f) => ({
        title: fitEscaped(f.label, L.factTitle, escapeTeamsMarkdown),
        value: fitEscaped(f.value, L.factValue, escapeTeamsMarkdown),
      })),
    });
  }
  const hidden = summary.fields.length - shown.length;
  const footer = [
    escapeTeamsMarkdown(summary.eventName.slice(0, 200)),
    escapeTeamsMarkdown(summary.timestamp.slice(0, 100)),
  ];
  if (hidden > 0) footer.push(`${OVERFLOW_MARKER} ${hidden} more field${hidden === 1 ? "" : "s"} not shown`);
  body.push({ type: "TextBlock", text: footer.join(" · "), wrap: true, size: "Small", isSubtle: true });
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body,
          actions: summary.link ? [{ type: "Action.OpenUrl", title: summary.link.label, url: summary.link.url }] : [],
          msteams: { width: "Full" },
        },
      },
    ],
  };
}

const bytes = (m: unknown) => new TextEncoder().encode(JSON.stringify(m)).length;

/**
 * A Teams message for a Workflows webhook: an Adaptive Card with the summary
 * in bold, the detail, the fields as a FactSet, the event name and time, and
 * an "Open in ActuallyCare" action. Facts beyond what fits are dropped with a marker.
 */
export function formatTeams(event: FormatEvent, options: FormatOptions): TeamsMessage {
  const summary = summarize(event, options);
  let count = Math.min(summary.fields.length, TEAMS_LIMITS.facts);
  let message = build(summary, count);
  while (count > 0 && bytes(message) > TEAMS_LIMITS.totalBytes) message = build(summary, --count);
  return message;
}
