import type { FanoutAttempt, FanoutDelivery, FanoutLog } from "./fanout-log";

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const clip = (s: string | null, n: number) => esc((s ?? "").slice(0, n));
/** Event ids are 64 hex; the first 12 tell events apart on one screen, the full id is in the tooltip. */
const shortId = (id: string) => `<code title="${clip(id, 80)}">${clip(id, 12)}</code>`;
const num = (n: number) => (Number.isFinite(n) ? String(Math.round(n)) : "?");

function attemptRow(a: FanoutAttempt): string {
  const ok = a.outcome === "delivered";
  return `<tr class="${ok ? "ok" : "failed"}"><td>${clip(a.at, 30)}</td><td>${clip(a.destinationId, 63)}</td><td>${clip(a.event, 100)} ${shortId(a.eventId)}</td><td>${num(a.attempt)}</td><td>${ok ? "✓" : "✗"} ${clip(a.outcome, 40)} ${num(a.status)}</td><td>${num(a.durationMs)} ms</td><td>${clip(a.errorClass, 60)}</td></tr>`;
}

function failedRow(d: FanoutDelivery): string {
  return `<tr class="failed"><td>${clip(d.updatedAt, 30)}</td><td>${clip(d.destinationId, 63)}</td><td>${clip(d.event, 100)} ${shortId(d.eventId)}</td><td>${clip(d.state, 20)}</td><td>${num(d.tries)}</td><td>${clip(d.lastError, 160)}</td></tr>`;
}

/** Why there is no log to show, in words a developer acts on. */
function unavailable(log: Exclude<FanoutLog, { state: "ok" }>): string {
  switch (log.state) {
    case "not-configured":
      return "Not configured: <code>npm start</code> gives the playground the local fan-out's admin URL and operator token (<code>FANOUT_ADMIN_URL</code>, <code>FANOUT_OPERATOR_TOKEN</code> in the root <code>.dev.vars</code>, copied from <code>workers/webhook-fanout/.dev.vars</code>).";
    case "unreachable":
      return log.reason === "timed out"
        ? "webhook-fanout did not answer in time. Reload in a moment."
        : "webhook-fanout is not running (or still starting): run <code>npm start</code> and reload.";
    case "refused":
      return log.status === 401
        ? "webhook-fanout refused the playground's operator token (HTTP 401): the root <code>.dev.vars</code>' <code>FANOUT_OPERATOR_TOKEN</code> must equal <code>OPERATOR_TOKEN</code> in <code>workers/webhook-fanout/.dev.vars</code>. Restart <code>npm start</code>, which copies it."
        : `webhook-fanout's operator API answered HTTP ${num(log.status)}.`;
    case "unexpected":
      return "webhook-fanout answered, but not with a delivery log this page can read.";
  }
}

/**
 * The landing page's view of webhook-fanout's own delivery log: its latest attempts (failed ones marked) and the
 * deliveries that did not go through (dead or parked), or why the log cannot be shown. Every value came from
 * the fan-out (event names from webhook bodies, error text from destinations), so every one is escaped.
 */
export function fanoutLogSection(log: FanoutLog): string {
  const head = `<h3>webhook-fanout's delivery log</h3>`;
  if (log.state !== "ok") return `${head}<p class="log-unavailable" role="status">${unavailable(log)}</p>`;
  const attempts = log.attempts.map(attemptRow).join("");
  const failed = log.failed.map(failedRow).join("");
  return `${head}<p>Read server-side from the fan-out's operator API (<code>/admin/attempts</code>,
<code>/admin/deliveries?failed=true</code>); the token never reaches this page. Newest first.</p>
<table class="log"><thead><tr><th>At</th><th>Destination</th><th>Event</th><th>Attempt</th><th>Outcome</th><th>Duration</th><th>Error class</th></tr></thead><tbody>${attempts || '<tr><td colspan="7">no attempts yet</td></tr>'}</tbody></table>
<h4>Not delivered (dead or parked)</h4>
<table class="log"><thead><tr><th>Updated</th><th>Destination</th><th>Event</th><th>State</th><th>Tries</th><th>Last error</th></tr></thead><tbody>${failed || '<tr><td colspan="6">none</td></tr>'}</tbody></table>`;
}
