import type { OutboxMessage } from "./outbox-store";

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Every message in the outbox, newest first, each rendered in a sandboxed
 * iframe (no scripts, no same-origin access: the email's HTML cannot touch
 * the playground), with its text part and headers beside it.
 */
export function outboxPage(messages: OutboxMessage[]): string {
  const items = messages
    .map((m) => {
      const headers = Object.entries(m.headers)
        .map(([k, v]) => `${esc(k)}: ${esc(v)}`)
        .join("\n");
      const html = m.html
        ? `<iframe title="${esc(m.subject)}" sandbox="" srcdoc="${esc(m.html)}" style="width:100%;height:28rem;border:1px solid #d0d7de;border-radius:6px;background:#fff"></iframe>`
        : "";
      return `<article style="margin:0 0 2rem 0"><h3 style="margin:.2rem 0">${esc(m.subject)}</h3>
<p style="margin:.2rem 0;color:#57606a">To ${esc(m.to.join(", "))} · from ${esc(m.from)} · received ${esc(m.receivedAt)}</p>
${html}<details><summary>Text part and headers</summary><pre style="white-space:pre-wrap">${esc(m.text ?? "")}\n\n${headers}</pre></details></article>`;
    })
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Outbox</title></head><body style="font:15px/1.5 system-ui,sans-serif;margin:1rem;color:#1b1f24">
<h2 style="margin-top:0">Outbox: ${messages.length} message${messages.length === 1 ? "" : "s"}</h2>
${items || "<p>Nothing yet. Emails a connector sends through <code>POST /__outbox/emails</code> appear here.</p>"}
</body></html>`;
}
