import * as z from "../../zod";
import { parseResponse } from "../envelope";
import { maybeBoolean, maybeList, maybeNumber, maybeString, type PageQuery } from "../schema-helpers";
import type { Transport } from "../transport";

/**
 * A subscription (spec §2.10); `secret` comes back in clear text. Requires
 * what a fan-out reads: `id`, `url` and `events`; `active` (or `is_active`)
 * when sent. Everything else is optional; unknown fields are kept.
 */
const webhookRecord = z.looseObject({
  /** `wh_` + 12 hex. */
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  secret: maybeString,
  active: maybeBoolean,
  last_triggered: maybeString,
  created_at: maybeString,
  updated_at: maybeString,
});
/** `is_active`, the API keys' name for it, read as `active` when `active` is absent. */
const activeAlias = (v: unknown): unknown => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return v;
  const w = v as Record<string, unknown>;
  return w.active === undefined && w.is_active !== undefined ? { ...w, active: w.is_active } : w;
};
export const webhookSchema = z.pipe(z.transform(activeAlias), webhookRecord);
export type Webhook = z.infer<typeof webhookSchema>;

/** An entry of the event catalog; `payload` names the fields of the delivered `data`. */
/** Only `event` is required. */
export const eventInfoSchema = z.looseObject({
  event: z.string(),
  category: maybeString,
  description: maybeString,
  payload: maybeList(z.string()),
});
export type EventInfo = z.infer<typeof eventInfoSchema>;

/** Only `category` is required. */
export const eventCategorySchema = z.looseObject({
  category: z.string(),
  count: maybeNumber,
  events: maybeList(z.string()),
});
export type EventCategory = z.infer<typeof eventCategorySchema>;

/** One delivery attempt (spec §3.5); only `id` is required. */
export const deliveryLogSchema = z.looseObject({
  id: z.string(),
  webhook_id: maybeString,
  event: maybeString,
  /** The body exactly as sent. */
  payload: z.unknown(),
  attempt: maybeNumber,
  /** `0` when no HTTP answer arrived. */
  response_status: maybeNumber,
  response_body: maybeString,
  delivered_at: maybeString,
  duration_ms: maybeNumber,
  success: maybeBoolean,
  created_at: maybeString,
});
export type DeliveryLog = z.infer<typeof deliveryLogSchema>;

export interface WebhookInput {
  /** `https://` (the sandbox also takes `http://localhost`). */
  url: string;
  /** `entity.action` names, or `["all"]`. */
  events: string[];
  /** At least 10 characters; the HMAC key of `X-Webhook-Signature`. */
  secret: string;
}

const eventsTop = z.looseObject({
  meta: z.optional(z.looseObject({ total: maybeNumber, categories: maybeList(z.string()) })),
});
const path = (id: string) => `/webhooks/${encodeURIComponent(id)}`;

/** Webhooks (spec §2.10): JWT only, role `broker` or `system_admin` (others get 403 `FORBIDDEN`). */
export function webhooksApi(t: Transport) {
  const one = async (method: "POST" | "PUT" | "DELETE", p: string, body?: unknown) =>
    (await t.request({ method, path: p, body, auth: "jwt", data: webhookSchema })).data;
  return {
    /** The active subscriptions, newest first (a bare array; no meta). */
    list: async (query: PageQuery = {}) =>
      (
        await t.request({
          method: "GET",
          path: "/webhooks",
          query: { ...query },
          auth: "jwt",
          data: z.array(webhookSchema),
        })
      ).data,
    create: (body: WebhookInput) => one("POST", "/webhooks", body),
    /** Any of the fields, validated as on create; `active:false` pauses it. */
    update: (id: string, body: Partial<WebhookInput> & { active?: boolean }) => one("PUT", path(id), body),
    /** Deactivates the subscription (idempotent); it leaves the list. */
    delete: (id: string) => one("DELETE", path(id)),
    /** The event catalog, optionally one category: `{events, meta:{total, categories}}`. */
    events: async (query: { category?: string } = {}) => {
      const r = await t.request({
        method: "GET",
        path: "/webhooks/events",
        query: { ...query },
        auth: "jwt",
        data: z.array(eventInfoSchema),
      });
      return { events: r.data, meta: parseResponse(eventsTop, r, "GET /webhooks/events").meta };
    },
    /** Every category with its events, sorted by name. */
    eventCategories: async () =>
      (
        await t.request({
          method: "GET",
          path: "/webhooks/events/categories",
          auth: "jwt",
          data: z.array(eventCategorySchema),
        })
      ).data,
    /** Delivery attempts, newest first (a bare array; no meta). */
    logs: async (id: string, query: PageQuery = {}) =>
      (
        await t.request({
          method: "GET",
          path: `${path(id)}/logs`,
          query: { ...query },
          auth: "jwt",
          data: z.array(deliveryLogSchema),
        })
      ).data,
  };
}

export type WebhooksApi = ReturnType<typeof webhooksApi>;
