import * as z from "../../zod";
import { pagedList } from "../envelope";
import { deletedSchema, maybeNumber, maybeString, openEnum, type PageQuery } from "../schema-helpers";
import type { Transport } from "../transport";
import { clientSchema } from "./client-schema";

export const LEAD_STATUSES = ["new", "contacted", "qualified", "unqualified", "converted", "lost"] as const;

/** A lead (spec §2.8). Only `id` is required; unknown fields are kept. */
export const leadSchema = z.looseObject({
  id: z.string(),
  name: maybeString,
  first_name: maybeString,
  last_name: maybeString,
  email: maybeString,
  phone: maybeString,
  source: maybeString,
  status: z.optional(z.nullable(openEnum(LEAD_STATUSES))),
  lead_type: z.optional(z.nullable(openEnum(["buyer", "seller", "both"]))),
  interest_level: z.optional(z.nullable(openEnum(["hot", "warm", "cold"]))),
  budget: maybeNumber,
  timeline: maybeString,
  property_interest: maybeString,
  message: maybeString,
  notes: maybeString,
  assigned_agent_id: maybeString,
  lead_score: maybeNumber,
  converted_to_client_id: maybeString,
  version: maybeNumber,
  created_at: maybeString,
  updated_at: maybeString,
});
export type Lead = z.infer<typeof leadSchema>;

/**
 * The API's limits on a lead's text fields, in UTF-16 code units after trimming, as `POST /leads` and
 * `PUT /leads/{id}` enforce them (spec §2.8 names the fields; the lengths are the sandbox's, which models the API).
 * One source of truth: `leadInputSchema` (lead-input.ts) and lead-intake's submission-to-lead mapping both read it.
 */
export const LEAD_LIMITS = {
  name: 200,
  phone: 40,
  source: 100,
  timeline: 50,
  property_interest: 500,
  message: 5000,
  notes: 10_000,
} as const;

/** Writable lead fields (spec §2.8). */
export interface LeadInput {
  name?: string;
  first_name?: string;
  last_name?: string;
  email?: string | null;
  phone?: string | null;
  source?: string | null;
  status?: (typeof LEAD_STATUSES)[number];
  lead_type?: "buyer" | "seller" | "both" | null;
  interest_level?: "hot" | "warm" | "cold" | null;
  budget?: number | null;
  timeline?: string | null;
  property_interest?: string | null;
  message?: string | null;
  notes?: string | null;
  assigned_agent_id?: string;
  next_follow_up?: string | null;
  last_contact_date?: string | null;
}

export interface LeadListQuery extends PageQuery {
  status?: string;
  interest_level?: string;
}

const leadList = pagedList("leads", leadSchema);
/** The conversion's answer: the new client's id, the client and the converted lead. */
const conversion = z.looseObject({ client_id: z.string(), client: clientSchema, lead: leadSchema });

/** Leads (spec §2.8): API key `leads:*` or JWT. */
export function leadsApi(t: Transport) {
  return {
    list: async (query: LeadListQuery = {}) =>
      (await t.request({ method: "GET", path: "/leads", query: { ...query }, auth: "key-or-jwt", data: leadList }))
        .data,
    create: async (body: LeadInput & ({ name: string } | { first_name: string } | { last_name: string })) =>
      (await t.request({ method: "POST", path: "/leads", body, auth: "key-or-jwt", data: leadSchema })).data,
    get: async (id: string) =>
      (
        await t.request({
          method: "GET",
          path: `/leads/${encodeURIComponent(id)}`,
          auth: "key-or-jwt",
          data: leadSchema,
        })
      ).data,
    update: async (id: string, body: LeadInput & { version?: number }) =>
      (
        await t.request({
          method: "PUT",
          path: `/leads/${encodeURIComponent(id)}`,
          body,
          auth: "key-or-jwt",
          data: leadSchema,
        })
      ).data,
    delete: async (id: string) =>
      (
        await t.request({
          method: "DELETE",
          path: `/leads/${encodeURIComponent(id)}`,
          auth: "key-or-jwt",
          data: deletedSchema,
        })
      ).data,
    convert: async (id: string, body: { client_type?: "buyer" | "seller" | "both" } = {}) =>
      (
        await t.request({
          method: "POST",
          path: `/leads/${encodeURIComponent(id)}/convert`,
          body,
          auth: "key-or-jwt",
          data: conversion,
        })
      ).data,
  };
}
