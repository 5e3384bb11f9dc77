import { BUCKETS, type Digest, type DigestItem } from "../content/build-digest";
import { shortDate } from "../content/subject";
import { plainText } from "./escape";
import { BUCKET_TITLES, changeText, DERIVED_NOTE, whenText } from "./labels";

export interface RenderContext {
  unsubscribeUrl: string;
}

const line = (i: DigestItem) =>
  `- ${whenText(i)}: ${plainText(i.label)}${i.derived ? " (derived)" : ""}, ${plainText(i.escrow.displayId)}, ${plainText(i.escrow.address)}\n  ${i.escrow.url}`;

/** The plain-text part: the same content as the HTML, one fact per line. */
export function renderText(d: Digest, ctx: RenderContext): string {
  const out: string[] = [`Escrow digest for ${plainText(d.recipient.name)}, ${shortDate(d.date)}`, ""];
  if (d.nothingDue) {
    out.push(`All clear: nothing due through ${shortDate(d.nextWeekEnd)}.`, "");
  } else {
    for (const b of BUCKETS) {
      if (d.buckets[b].length === 0) continue;
      out.push(`${BUCKET_TITLES[b].toUpperCase()} (${d.buckets[b].length})`, ...d.buckets[b].map(line), "");
    }
    if (d.closings.length) out.push(`CLOSINGS (${d.closings.length})`, ...d.closings.map(line), "");
    if (d.changes.length) out.push("SINCE YOUR LAST DIGEST", ...d.changes.map((c) => `- ${changeText(c)}`), "");
    if ([...BUCKETS.flatMap((b) => d.buckets[b]), ...d.closings].some((i) => i.derived)) out.push(DERIVED_NOTE, "");
  }
  out.push(`Dates are calendar dates in ${plainText(d.recipient.timeZone)}.`, `Unsubscribe: ${ctx.unsubscribeUrl}`);
  return `${out.join("\n")}\n`;
}
