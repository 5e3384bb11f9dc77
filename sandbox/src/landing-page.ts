/** The local URLs of every worker, as fixed in their wrangler.toml `[dev]` ports. */
export const LOCAL_WORKERS = [
  { name: "lead-intake", port: 8788, about: "Embeddable lead-capture form", path: "/f/demo" },
  { name: "bridge", port: 8789, about: "Zapier-style HTTP bridge", path: "/" },
  { name: "escrow-digest", port: 8790, about: "Scheduled escrow deadline digests", path: "/" },
  { name: "webhook-fanout", port: 8791, about: "Signed webhook fan-out to Slack, Teams, Discord, HTTP", path: "/" },
] as const;

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The playground's landing page: what runs where, and how to call the sandbox. */
export function landingPage(url: URL, webhooks = ""): string {
  const host = url.hostname;
  const rows = LOCAL_WORKERS.map(
    (w) =>
      `<tr><td><a href="http://${esc(host)}:${w.port}${w.path}">${w.name}</a></td><td>http://${esc(host)}:${w.port}</td><td>${w.about}</td><td><a href="http://${esc(host)}:${w.port}/health">health</a></td></tr>`,
  ).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>ActuallyCare connectors: playground</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d0d7de;padding:.4rem;text-align:left}
code,pre{background:#f6f8fa;padding:.1rem .3rem;border-radius:4px}pre{padding:.8rem;overflow:auto}
.inboxes{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr))}
.inbox{border:1px solid #d0d7de;border-radius:6px;padding:0 .8rem}.inbox ul{padding-left:1rem}
table.log{font-size:.9rem}tr.failed td{background:#fff1f0}</style></head>
<body><h1>ActuallyCare connectors: playground</h1>
<p>This page is served by the playground worker (root <code>wrangler.toml</code>). It hosts a local emulator of the
ActuallyCare REST API v1, the <strong>sandbox</strong>, at <a href="/v1/listings">${esc(url.origin)}/v1</a>.</p>
<h2>Connectors running locally</h2>
<table><thead><tr><th>Worker</th><th>URL</th><th>What it does</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<h2>Demo agent site</h2>
<p><a href="/demo">A demo agent website</a> embeds the lead-intake form from the lead-intake worker (another origin):
fill it in and the lead appears in the sandbox.</p>
<h2>Outbox</h2>
<p>Emails the connectors send locally (escrow-digest's HTTP provider) land here instead of anyone's inbox:
<a href="/__outbox"><code>GET /__outbox</code></a>, <a href="/__outbox/view">full page</a>.</p>
<iframe title="Outbox" src="/__outbox/view" style="width:100%;height:32rem;border:1px solid #d0d7de;border-radius:6px"></iframe>
${webhooks}
<h2>Try the sandbox</h2>
<p>Fixture API keys are the SHA-256 hex of <code>actuallycare-sandbox:&lt;name&gt;</code>; users' password is <code>Sandbox123</code>.</p>
<pre>KEY=$(printf 'actuallycare-sandbox:full-access' | sha256sum | cut -d' ' -f1)
curl -H "X-API-Key: $KEY" ${esc(url.origin)}/v1/listings</pre>
<p>Test controls (not part of the API): <code>POST /__sandbox/reset</code>, <code>POST /__sandbox/clock</code>,
<code>POST /__sandbox/faults</code>, <code>POST /__sandbox/webhooks/flush</code>,
<a href="/__sandbox/deliveries"><code>GET /__sandbox/deliveries</code></a>. See <code>sandbox/README.md</code>.</p>
</body></html>`;
}
