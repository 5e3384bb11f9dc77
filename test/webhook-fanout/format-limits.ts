// The platforms' documented limits, written out here independently of the formatters' own constants, and
// checkers that list every limit a message breaks (an empty list: it fits).
import type { DiscordMessage } from "../../workers/webhook-fanout/src/format/discord";
import type { SlackMessage } from "../../workers/webhook-fanout/src/format/slack";
import type { TeamsMessage } from "../../workers/webhook-fanout/src/format/teams";

const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;
/** A lone surrogate means a clamp cut a character in two. */
const broken = (s: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

export function slackProblems(m: SlackMessage): string[] {
  const p: string[] = [];
  const texts: string[] = [m.text];
  if (m.blocks.length > 50) p.push("more than 50 blocks");
  if (m.text.length === 0 || m.text.length > 40_000) p.push("text fallback empty or over 40,000");
  if (bytes(m) > 16_000) p.push("over 16,000 bytes");
  for (const b of m.blocks) {
    if (b.type === "header" && (b.text.type !== "plain_text" || b.text.text.length > 150 || !b.text.text.trim()))
      p.push("header not plain_text of 1-150");
    if (b.type === "section") {
      if (b.text && b.text.text.length > 3000) p.push("section text over 3,000");
      if (b.fields && (b.fields.length > 10 || b.fields.some((f) => f.text.length > 2000 || !f.text.trim())))
        p.push("section fields over 10 or one over 2,000");
      if (!b.text && !b.fields?.length) p.push("empty section");
      texts.push(b.text?.text ?? "", ...(b.fields ?? []).map((f) => f.text));
    }
    if (b.type === "actions")
      for (const e of b.elements) {
        if (e.text.text.length > 75 || e.url.length > 3000) p.push("button text over 75 or url over 3,000");
      }
    if (b.type === "context") {
      if (b.elements.length > 10 || b.elements.some((e) => e.text.length > 3000)) p.push("context over limits");
      texts.push(...b.elements.map((e) => e.text));
    }
  }
  if (texts.some(broken)) p.push("a character cut in two");
  return p;
}

export function discordProblems(m: DiscordMessage): string[] {
  const p: string[] = [];
  if (m.embeds.length > 10) p.push("more than 10 embeds");
  if (JSON.stringify(m.allowed_mentions) !== '{"parse":[]}') p.push("mentions allowed");
  let total = 0;
  for (const e of m.embeds) {
    if (e.title.length > 256 || !e.title) p.push("title empty or over 256");
    if ((e.description?.length ?? 0) > 4096) p.push("description over 4,096");
    if (e.fields.length > 25) p.push("more than 25 fields");
    for (const f of e.fields) {
      if (f.name.length > 256 || !f.name) p.push("field name empty or over 256");
      if (f.value.length > 1024 || !f.value) p.push("field value empty or over 1,024");
      if (broken(f.name) || broken(f.value)) p.push("a character cut in two");
    }
    if (e.footer.text.length > 2048) p.push("footer over 2,048");
    total +=
      e.title.length +
      (e.description?.length ?? 0) +
      e.footer.text.length +
      e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    if (broken(e.title) || broken(e.description ?? "")) p.push("a character cut in two");
  }
  if (total > 6000) p.push(`embeds total ${total} over 6,000`);
  return p;
}

export function teamsProblems(m: TeamsMessage): string[] {
  const p: string[] = [];
  if (bytes(m) > 28_000) p.push("over 28 KB");
  const card = m.attachments[0]?.content;
  if (!card || m.attachments.length !== 1) return [...p, "not one card"];
  if (card.type !== "AdaptiveCard" || card.version !== "1.4") p.push("not an Adaptive Card 1.4");
  if (m.attachments[0]?.contentType !== "application/vnd.microsoft.card.adaptive") p.push("wrong contentType");
  for (const el of card.body) {
    if (el.type === "TextBlock" && (broken(el.text) || !el.text)) p.push("text block empty or cut");
    if (el.type === "FactSet" && el.facts.some((f) => broken(f.title) || broken(f.value))) p.push("fact cut");
  }
  return p;
}
