import * as z from "zod";
import type { UserRow } from "../app-env";
import type { Condition } from "../db/resource-table";
import { EVENT_CATALOG } from "../webhooks/catalog";

/** A row of `webhooks`. */
export interface WebhookRow {
  id: string;
  owner_id: string;
  team_id: string | null;
  url: string;
  events: string;
  secret: string;
  active: number;
  last_triggered: string | null;
  created_at: string;
  updated_at: string;
}

/** The subscription record as the API returns it (spec §2.10); the secret is shown in clear text. */
export interface Webhook {
  id: string;
  url: string;
  events: string[];
  secret: string;
  active: boolean;
  last_triggered: string | null;
  created_at: string;
  updated_at: string;
}

/** A row of `webhook_logs`. */
export interface WebhookLogRow {
  id: string;
  webhook_id: string;
  event: string;
  payload: string;
  attempt: number;
  response_status: number;
  response_body: string | null;
  delivered_at: string | null;
  duration_ms: number;
  success: number;
  created_at: string;
}

export const webhookRecord = (row: WebhookRow): Webhook => ({
  id: row.id,
  url: row.url,
  events: JSON.parse(row.events) as string[],
  secret: row.secret,
  active: row.active === 1,
  last_triggered: row.last_triggered,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

/** One delivery attempt (spec §3.5); `payload` is the exact body sent, as a string. */
export const logEntry = (row: WebhookLogRow) => ({
  id: row.id,
  webhook_id: row.webhook_id,
  event: row.event,
  payload: row.payload,
  attempt: row.attempt,
  response_status: row.response_status,
  response_body: row.response_body,
  delivered_at: row.delivered_at,
  duration_ms: row.duration_ms,
  success: row.success === 1,
  created_at: row.created_at,
});

/** Subscriptions belong to the caller's account or team, whatever the caller's role. */
export function ownedBy(user: UserRow): Condition {
  return user.team_id
    ? { sql: "(owner_id = ? OR team_id = ?)", params: [user.id, user.team_id] }
    : { sql: "owner_id = ?", params: [user.id] };
}

/** `https://` anywhere; plain `http://` only to the local machine (spec §2.10, sandbox allowance). */
const webhookUrl = z
  .string({ message: "URL is required" })
  .max(2048, "Must be at most 2048 characters")
  .refine((s) => {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      return false;
    }
    if (u.protocol === "https:") return u.hostname !== "";
    return u.protocol === "http:" && (u.hostname === "localhost" || u.hostname === "127.0.0.1");
  }, "Must be an https:// URL (http:// is allowed only for localhost and 127.0.0.1)");

const EVENT_NAME = /^[a-z_]+\.[a-z_]+$/;

/** Names are lower-cased like enum values (spec §4.6), checked only by shape, and de-duplicated. */
const eventList = z
  .array(
    z.preprocess(
      (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
      z.string({ message: "Event names must be strings" }).refine((s) => s === "all" || EVENT_NAME.test(s), {
        message: 'Must be an entity.action event name (^[a-z_]+\\.[a-z_]+$) or "all"',
      }),
    ),
    { message: "Events must be an array of event names" },
  )
  .min(1, "At least one event is required")
  .transform((names) => [...new Set(names)]);

const secret = z
  .string({ message: "Secret is required" })
  .min(10, "Secret must be at least 10 characters")
  .max(256, "Must be at most 256 characters");

export const createWebhookSchema = z.object({ url: webhookUrl, events: eventList, secret });

export const updateWebhookSchema = z
  .object({ url: webhookUrl, events: eventList, secret, active: z.boolean({ message: "Expected true or false" }) })
  .partial();

/** `GET /webhooks/events/categories`: every category with its events, sorted by name. */
export function eventCategories(): { category: string; count: number; events: string[] }[] {
  const byCategory = new Map<string, string[]>();
  for (const e of EVENT_CATALOG) byCategory.set(e.category, [...(byCategory.get(e.category) ?? []), e.event]);
  return [...byCategory.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, events]) => ({ category, count: events.length, events }));
}
