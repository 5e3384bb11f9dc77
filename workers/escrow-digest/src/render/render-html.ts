import { BUCKETS, type Bucket, type Digest, type DigestItem } from "../content/build-digest";
import { shortDate } from "../content/subject";
import { escapeHtml, plainText, safeHref } from "./escape";
import { BUCKET_TITLES, changeText, DERIVED_NOTE, whenText } from "./labels";
import type { RenderContext } from "./render-text";

/** Escaped, and on one line: a CRM value never brings its own line breaks or control characters. */
const e = (v: unknown) => escapeHtml(plainText(v));

// Inline styles only (many clients drop <style> and every external sheet), a single 600 px column that
// shrinks on phones, system fonts, no images and no scripts. Real headings (margins reset inline), so a screen
// reader can jump between the sections.
const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
const ACCENT: Record<Bucket | "closings" | "changes", string> = {
  overdue: "#b42318",
  today: "#b54708",
  tomorrow: "#175cd3",
  thisWeek: "#175cd3",
  nextWeek: "#475467",
  closings: "#067647",
  changes: "#475467",
};

function link(url: string, label: string): string {
  const href = safeHref(url);
  return href ? `<a href="${e(href)}" style="color:#175cd3;text-decoration:underline;">${e(label)}</a>` : e(label);
}

function row(i: DigestItem): string {
  const derived = i.derived
    ? ` <span style="font-size:12px;color:#475467;border:1px solid #d0d5dd;border-radius:4px;padding:0 4px;">derived</span>`
    : "";
  return `<tr><td style="${FONT}padding:8px 0;border-top:1px solid #eaecf0;font-size:14px;line-height:20px;color:#101828;">
<strong>${e(i.label)}</strong>${derived}<br><span style="color:#475467;">${e(whenText(i))}</span><br>
${link(i.escrow.url, i.escrow.displayId)} <span style="color:#475467;">${e(i.escrow.address)}</span></td></tr>`;
}

function section(title: string, color: string, body: string): string {
  return `<tr><td style="padding:16px 0 0 0;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td style="padding:0 0 4px 0;border-bottom:2px solid ${color};"><h2 style="${FONT}margin:0;font-size:16px;line-height:24px;font-weight:700;color:${color};">${e(title)}</h2></td></tr>
${body}</table></td></tr>`;
}

/** The HTML part: every CRM value escaped, every link http(s) into the app, the unsubscribe link at the foot. */
export function renderHtml(d: Digest, ctx: RenderContext): string {
  const parts: string[] = [];
  if (d.nothingDue) {
    parts.push(
      `<tr><td style="${FONT}padding:16px 0;font-size:16px;line-height:24px;color:#067647;">All clear: nothing due through ${e(shortDate(d.nextWeekEnd))}.</td></tr>`,
    );
  } else {
    for (const b of BUCKETS) {
      const items = d.buckets[b];
      if (items.length)
        parts.push(section(`${BUCKET_TITLES[b]} (${items.length})`, ACCENT[b], items.map(row).join("")));
    }
    if (d.closings.length)
      parts.push(section(`Closings (${d.closings.length})`, ACCENT.closings, d.closings.map(row).join("")));
    if (d.changes.length) {
      const lines = d.changes
        .map(
          (c) =>
            `<tr><td style="${FONT}padding:6px 0;border-top:1px solid #eaecf0;font-size:14px;line-height:20px;color:#101828;">${e(changeText(c))}</td></tr>`,
        )
        .join("");
      parts.push(section("Since your last digest", ACCENT.changes, lines));
    }
    if ([...BUCKETS.flatMap((b) => d.buckets[b]), ...d.closings].some((i) => i.derived)) {
      parts.push(
        `<tr><td style="${FONT}padding:16px 0 0 0;font-size:12px;line-height:18px;color:#475467;">${e(DERIVED_NOTE)}</td></tr>`,
      );
    }
  }
  const unsubscribe = safeHref(ctx.unsubscribeUrl);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light"><title>${e(d.subject)}</title></head>
<body style="margin:0;padding:0;background:#f2f4f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f2f4f7;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border-radius:8px;">
<tr><td style="padding:24px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td style="${FONT}font-size:12px;line-height:16px;color:#475467;text-transform:uppercase;letter-spacing:1px;">Escrow digest · ${e(shortDate(d.date))}</td></tr>
<tr><td style="padding:4px 0 0 0;"><h1 style="${FONT}margin:0;font-size:20px;line-height:28px;font-weight:700;color:#101828;">${e(d.subject)}</h1></td></tr>
<tr><td style="${FONT}font-size:14px;line-height:20px;color:#475467;padding:4px 0 0 0;">For ${e(d.recipient.name)}. Dates are calendar dates in ${e(d.recipient.timeZone)}.</td></tr>
${parts.join("\n")}
</table></td></tr></table>
<p style="${FONT}font-size:12px;line-height:18px;color:#475467;max-width:600px;margin:12px auto 0 auto;">You get this email because your ActuallyCare escrow digest is set up for ${e(d.recipient.email)}.${
    unsubscribe ? ` <a href="${e(unsubscribe)}" style="color:#475467;text-decoration:underline;">Unsubscribe</a>.` : ""
  }</p>
</td></tr></table></body></html>`;
}
