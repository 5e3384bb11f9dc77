import type { FormatEvent, FormatOptions, Summary } from "./summary";
import { summarize } from "./summary";
import { fitEscaped, OVERFLOW_MARKER } from "./text";

/** Discord's embed limits (discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embeds: 10,
  /** Title, description, field names and values, footer and author of all embeds together. */
  total: 6000,
  /** Ours: a field's value is a summary, not a document. */
  shownFieldValue: 500,
} as const;

/**
 * Escapes CRM text for Discord markdown with backslashes (bold, italics,
 * strike, spoilers, code, quotes, headings, lists, masked links), and `@` and
 * `<` so no mention, channel link or timestamp tag can be written. The message
 * also sets `allowed_mentions: {parse: []}`, so nothing pings anyone anyway.
 */
export function escapeDiscord(s: string): string {
  return s.replace(/[\\*_~`|>#\-[\]()<@:!.+]/g, (c) => `\\${c}`);
}

export interface DiscordEmbed {
  title: string;
  description?: string;
  url?: string;
  color: number;
  fields: Array<{ name: string; value: string; inline: boolean }>;
  footer: { text: string };
  timestamp?: string;
}
export interface DiscordMessage {
  username: string;
  allowed_mentions: { parse: [] };
  embeds: DiscordEmbed[];
}

const COLORS: Record<string, number> = {
  lead: 0x2e86de,
  client: 0x10ac84,
  contact: 0x8395a7,
  escrow: 0xee5253,
  listing: 0xff9f43,
  appointment: 0x5f27cd,
};

/** What Discord counts toward its 6,000-character total. */
export function embedChars(e: DiscordEmbed): number {
  return (
    e.title.length +
    (e.description?.length ?? 0) +
    e.footer.text.length +
    e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

function build(summary: Summary, fieldCount: number): DiscordEmbed {
  const L = DISCORD_LIMITS;
  const shown = summary.fields.slice(0, fieldCount);
  const hidden = summary.fields.length - shown.length;
  const footer = `${summary.eventName}${hidden > 0 ? ` · ${OVERFLOW_MARKER} ${hidden} more field${hidden === 1 ? "" : "s"} not shown` : ""}`;
  const embed: DiscordEmbed = {
    title: fitEscaped(summary.title, L.title, escapeDiscord) || "ActuallyCare event",
    color: COLORS[summary.eventName.split(".")[0] ?? ""] ?? 0x576574,
    fields: shown.map((f) => ({
      name: fitEscaped(f.label, L.fieldName, escapeDiscord) || "\u200b",
      value: fitEscaped(f.value, L.shownFieldValue, escapeDiscord) || "\u200b",
      inline: f.value.length <= 40,
    })),
    footer: { text: fitEscaped(footer, L.footer) },
  };
  if (summary.detail) embed.description = fitEscaped(summary.detail, L.description, escapeDiscord);
  if (summary.link) embed.url = summary.link.url;
  if (!Number.isNaN(Date.parse(summary.timestamp))) embed.timestamp = new Date(summary.timestamp).toISOString();
  return embed;
}

/**
 * A Discord webhook message: one embed with the summary as its title (linked
 * into the app), the detail as its description, the fields, and the event name
 * in the footer. Fields beyond Discord's limits are dropped with a marker.
 */
export function formatDiscord(event: FormatEvent, options: FormatOptions): DiscordMessage {
  const summary = summarize(event, options);
  let count = Math.min(summary.fields.length, DISCORD_LIMITS.fields);
  let embed = build(summary, count);
  while (count > 0 && embedChars(embed) > DISCORD_LIMITS.total) embed = build(summary, --count);
  return { username: "ActuallyCare", allowed_mentions: { parse: [] }, embeds: [embed] };
}
