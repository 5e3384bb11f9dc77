const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * `GET /demo`: a stand-in agent website on the playground's origin that embeds
 * the lead-intake form from another origin (the lead-intake worker), the way
 * an agent's WordPress or IDX page would. Used by `npm start` and the browser tests.
 */
export function demoSitePage(url: URL, leadIntakeUrl: string | undefined): string {
  const intake = leadIntakeUrl || `${url.protocol}//${url.hostname}:8788`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Whitfield Realty: 212 Mountain View Rd, Tehachapi</title>
<meta name="actuallycare:mls-number" content="SR26140231">
<style>body{font:16px/1.5 Georgia,serif;max-width:56rem;margin:0 auto;padding:1rem;color:#222}
header{border-bottom:3px solid #7a4b2a;margin-bottom:1rem}.listing{display:grid;gap:2rem;grid-template-columns:1fr 1fr}
@media (max-width:44rem){.listing{grid-template-columns:1fr}}
.acf{--acf-accent:#7a4b2a;--acf-font:system-ui,sans-serif}</style>
<script src="${esc(intake)}/embed.js" defer></script></head>
<body><header><p><strong>Whitfield Realty</strong>: a demo agent site served by the playground</p></header>
<main><h1>212 Mountain View Rd, Tehachapi, CA</h1>
<div class="listing"><section aria-labelledby="about"><h2 id="about">About this home</h2>
<p>3 bedrooms, 2 baths, 1,850 sq ft on a quarter acre with mountain views. Offered at $425,000.</p>
<p>This page is on <code>${esc(url.origin)}</code>; the form below is embedded from the lead-intake worker at
<code>${esc(intake)}</code> with one script tag and one placeholder element. A submission becomes a lead in the
sandbox: see <a href="/v1/leads">/v1/leads</a> (with the fixture API key).</p></section>
<section aria-label="Contact the agent"><div data-actuallycare-form="demo"></div></section></div></main>
</body></html>`;
}
