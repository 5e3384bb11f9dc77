import { signWebhookBody } from "@actuallycare/shared/webhook-signature";
import type { Clock } from "../clock";
import type { SandboxConfig } from "../config";
import type { Sql } from "../db/sql";

/** Delays before retries 1, 2 and 3 (spec §3.4): 1, 5 and 15 minutes. Four attempts in all. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
const RESPONSE_BODY_CAP = 10 * 1024;

/**
 * Reserved names (RFC 2606/6761) can never answer, so the sandbox does not
 * look them up: the attempt fails at once, as it would offline, without
 * workerd logging a DNS error for every fixture delivery.
 */
export function isReservedHost(url: string): boolean {
  const host = URL.parse(url)?.hostname.toLowerCase() ?? "";
  return /(^|\.)example\.(com|net|org)$/.test(host) || /\.(test|example|invalid)$/.test(host) || host === "example";
}

interface DeliveryRow {
  id: string;
  webhook_id: string;
  event: string;
  payload: string;
  attempts: number;
}

/**
 * Sends due webhook deliveries, signed as documented, and logs one row per
 * attempt. Timers use real time (scaled by `webhookRetryScale`); payload
 * timestamps use the sandbox clock.
 */
export class Dispatcher {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly config: () => SandboxConfig,
    private readonly nextId: () => string,
    private readonly send: typeof fetch = (input, init) => fetch(input, init),
    private readonly realNow: () => number = Date.now,
  ) {}

  /** Sends every pending delivery that is due (or all pending ones, for a flush). Returns how many were sent. */
  async runDue(options: { all?: boolean } = {}): Promise<number> {
    const due = this.sql.all<DeliveryRow>(
      `SELECT id, webhook_id, event, payload, attempts FROM webhook_deliveries
       WHERE state = 'pending' ${options.all ? "" : "AND next_attempt_at <= ?"} ORDER BY next_attempt_at, rowid`,
      ...(options.all ? [] : [this.realNow()]),
    );
    // Claim before any await so a concurrent run (alarm vs. waitUntil) never sends one twice.
    for (const d of due) this.sql.run("UPDATE webhook_deliveries SET state = 'sending' WHERE id = ?", d.id);
    await Promise.all(due.map((d) => this.attempt(d)));
    return due.length;
  }

  /** Real-time ms of the next pending attempt, for the alarm. */
  nextDueAt(): number | null {
    return (
      this.sql.one<{ t: number | null }>(
        "SELECT min(next_attempt_at) AS t FROM webhook_deliveries WHERE state = 'pending'",
      )?.t ?? null
    );
  }

  private async attempt(d: DeliveryRow): Promise<void> {
    // A subscription deactivated meanwhile gets nothing more (a sandbox test ping excepted).
    const hook = this.sql.one<{ url: string; secret: string }>(
      "SELECT url, secret FROM webhooks WHERE id = ? AND (active = 1 OR ? = 'webhook.test')",
      d.webhook_id,
      d.event,
    );
    if (!hook) {
      this.sql.run("UPDATE webhook_deliveries SET state = 'cancelled' WHERE id = ?", d.id);
      return;
    }
    const attempt = d.attempts + 1;
    const timestamp = (JSON.parse(d.payload) as { timestamp: string }).timestamp;
    const headers = {
      "Content-Type": "application/json",
      "User-Agent": "ActuallyCare-Webhooks/1.0 (sandbox)",
      "X-Webhook-Event": d.event,
      "X-Webhook-Timestamp": timestamp,
      "X-Webhook-Signature": await signWebhookBody(hook.secret, d.payload),
    };
    const startedAt = this.clock.iso();
    const t0 = this.realNow();
    let status = 0;
    let responseBody: string;
    try {
      if (isReservedHost(hook.url))
        throw new TypeError(`${new URL(hook.url).hostname} is a reserved name that never resolves`);
      const res = await this.send(hook.url, {
        method: "POST",
        headers,
        body: d.payload,
        signal: AbortSignal.timeout(this.config().webhookTimeoutMs),
      });
      status = res.status;
      responseBody = (await res.text()).slice(0, RESPONSE_BODY_CAP);
    } catch (err) {
      responseBody = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, RESPONSE_BODY_CAP);
    }
    const success = status >= 200 && status < 300;
    this.sql.run(
      `INSERT INTO webhook_logs (id, seq, webhook_id, delivery_id, event, url, request_headers, payload, attempt,
        response_status, response_body, delivered_at, duration_ms, success, created_at)
       VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM webhook_logs), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      this.nextId(),
      d.webhook_id,
      d.id,
      d.event,
      hook.url,
      JSON.stringify(headers),
      d.payload,
      attempt,
      status,
      responseBody,
      success ? this.clock.iso() : null,
      this.realNow() - t0,
      success ? 1 : 0,
      startedAt,
    );
    this.sql.run("UPDATE webhooks SET last_triggered = ? WHERE id = ?", startedAt, d.webhook_id);
    const delay = RETRY_DELAYS_MS[attempt - 1];
    if (success || delay === undefined) {
      this.sql.run(
        "UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_at = NULL WHERE id = ?",
        success ? "delivered" : "failed",
        attempt,
        d.id,
      );
      return;
    }
    this.sql.run(
      "UPDATE webhook_deliveries SET state = 'pending', attempts = ?, next_attempt_at = ? WHERE id = ?",
      attempt,
      this.realNow() + Math.round(delay * this.config().webhookRetryScale),
      d.id,
    );
  }
}
