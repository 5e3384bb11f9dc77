/** One captured request, as `GET /__inbox/{name}` lists it. */
export interface CapturedRequest {
  headers: Record<string, string>;
  body: string;
  receivedAt: string;
  status: number;
}

/** One of the sandbox's outgoing webhook deliveries, as `GET /__sandbox/deliveries` lists it. */
export interface SentDelivery {
  event: string;
  url: string;
  attempt: number;
  response_status: number;
  success: boolean;
  created_at: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
/** Slack and Discord text back to what a person reads there: entities decoded, escapes and zero-width spaces gone. */
const plain = (s: unknown) =>
  String(s ?? "")
    .replace(/\u200b/g, "")
    .replace(/\\(.)/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

type Any = Record<string, any>;

/** What a message says, in a few lines: the title, then `label: value` lines. */
export function readable(inbox: string, body: string): { title: string; lines: string[] } {
  let m: Any;
  try {
    m = JSON.parse(body);
  } catch {
    return { title: body.slice(0, 120), lines: [] };
  }
  const platform = inbox.split("-")[0];
  if (platform === "slack") {
    const header = (m.blocks ?? []).find((b: Any) => b.type === "header")?.text?.text ?? m.text;
    const fields = (m.blocks ?? []).flatMap((b: Any) => (b.type === "section" ? (b.fields ?? []) : []));
    return { title: plain(header), lines: fields.map((f: Any) => plain(f.text).replace(/^\*(.*?)\*\n/, "$1: ")) };
  }
  if (platform === "discord") {
    const e = m.embeds?.[0] ?? {};
    return {
      title: plain(e.title ?? m.content),
      lines: (e.fields ?? []).map((f: Any) => `${plain(f.name)}: ${plain(f.value)}`),
    };
  }
  if (platform === "teams") {
    const body = m.attachments?.[0]?.content?.body ?? [];
    const facts = body.find((el: Any) => el.type === "FactSet")?.facts ?? [];
    return { title: plain(body[0]?.text), lines: facts.map((f: Any) => `${plain(f.title)}: ${plain(f.value)}`) };
  }
  const data = typeof m.data === "object" && m.data !== null ? m.data : {};
  const lines = Object.entries(data as Any)
    .slice(0, 6)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
  return { title: String(m.event ?? "request"), lines };
}

/**
 * The landing page's webhook section: each local inbox's latest messages as a person would read them, the
 * fan-out's own delivery log (rendered by `fanoutLogSection`), and the sandbox's latest webhook deliveries (what
 * it sent to the fan-out's /ingest, and the answer).
 */
export function webhookSection(
  inboxes: Array<{ name: string; requests: CapturedRequest[] }>,
  sent: SentDelivery[],
  fanoutLog = "",
): string {
  const cards = inboxes
    .map((i) => {
      const items = i.requests
        .slice(-3)
        .reverse()
        .map((r) => {
          const view = readable(i.name, r.body);
          const lines = view.lines
            .slice(0, 4)
            .map((l) => `<br><small>${esc(l.slice(0, 160))}</small>`)
            .join("");
          return `<li><strong>${esc(view.title.slice(0, 200))}</strong>${lines}<br><small>${esc(r.receivedAt)} · answered ${r.status}</small></li>`;
        })
        .join("");
      return `<section class="inbox"><h3>${esc(i.name)}</h3><ul>${items || "<li>nothing yet</li>"}</ul><p><a href="/__inbox/${esc(i.name)}">all captured requests</a></p></section>`;
    })
    .join("");
  const rows = sent
    .slice(-10)
    .reverse()
    .map(
      (d) =>
        `<tr><td>${esc(d.created_at)}</td><td>${esc(d.event)}</td><td>${esc(d.url)}</td><td>${d.attempt}</td><td>${d.success ? "✓" : "✗"} ${d.response_status}</td></tr>`,
    )
    .join("");
  return `<h2>Webhook fan-out</h2>
<p>Sandbox writes send signed webhooks to webhook-fanout's <code>/ingest</code>, which delivers each event to the
local inboxes below (stand-ins for Slack, Teams, Discord and a signed HTTP endpoint, at <code>/__inbox/{name}</code>).
Create a lead through the <a href="/demo">demo site</a> and reload: it shows in the inboxes, in the fan-out's
delivery log and in the sandbox's deliveries below.</p>
<div class="inboxes">${cards}</div>
${fanoutLog}
<h3>Latest sandbox webhook deliveries</h3>
<table><thead><tr><th>Sent</th><th>Event</th><th>To</th><th>Attempt</th><th>Answer</th></tr></thead><tbody>${rows || '<tr><td colspan="5">none yet</td></tr>'}</tbody></table>`;
}
