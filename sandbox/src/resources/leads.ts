import * as z from "zod";
import { email, isoDateTime, lowerEnum, money } from "../http/validate";

export const LEAD_STATUSES = ["new", "contacted", "qualified", "unqualified", "converted", "lost"] as const;
export const LEAD_TYPES = ["buyer", "seller", "both"] as const;
export const INTEREST_LEVELS = ["hot", "warm", "cold"] as const;

/** The lead record as the API returns it (spec §2.8). */
export interface Lead {
  id: string;
  name: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  source: string | null;
  status: (typeof LEAD_STATUSES)[number];
  lead_type: (typeof LEAD_TYPES)[number] | null;
  interest_level: (typeof INTEREST_LEVELS)[number] | null;
  budget: number | null;
  timeline: string | null;
  property_interest: string | null;
  message: string | null;
  notes: string | null;
  assigned_agent_id: string;
  lead_score: number;
  last_contact_date: string | null;
  next_follow_up: string | null;
  converted_to_client_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

const text = (max: number) => z.string().max(max, `Must be at most ${max} characters`);

/** Writable fields; every one optional and nullable except as the create schema says. */
const writable = {
  name: text(200).min(1, "Name is required"),
  email: email.nullable(),
  phone: text(40).nullable(),
  source: text(100).nullable(),
  status: lowerEnum(LEAD_STATUSES),
  lead_type: lowerEnum(LEAD_TYPES).nullable(),
  interest_level: lowerEnum(INTEREST_LEVELS).nullable(),
  budget: money.pipe(z.number().min(0, "Budget must be at least 0")).nullable(),
  timeline: text(50).nullable(),
  property_interest: text(500).nullable(),
  message: text(5000).nullable(),
  notes: text(10000).nullable(),
  assigned_agent_id: z.string().uuid("Expected a user id"),
  last_contact_date: isoDateTime.nullable(),
  next_follow_up: isoDateTime.nullable(),
};

/** `POST /leads`: `name` required; if absent, `first_name` + `last_name` are joined into it (spec §2.8). */
export const createLeadSchema = z.preprocess(
  (raw) => {
    const b = raw as Record<string, unknown>;
    if ((b.name === undefined || b.name === null || b.name === "") && (b.first_name || b.last_name)) {
      return { ...b, name: [b.first_name, b.last_name].filter((p) => typeof p === "string" && p).join(" ") };
    }
    return b;
  },
  z
    .object({ ...writable, name: z.string({ message: "Name is required" }).pipe(writable.name) })
    .partial()
    .required({ name: true })
    .refine((b) => b.status !== "converted", {
      message: "A lead becomes converted only through /leads/{id}/convert",
      path: ["status"],
    }),
);

export const updateLeadSchema = z.object({ ...writable, version: z.number().int().positive() }).partial();

export type LeadInput = z.infer<typeof updateLeadSchema>;

/** Splits a full name at its last space (spec §2.8, inferred). */
export function splitName(name: string): { first_name: string; last_name: string | null } {
  const at = name.lastIndexOf(" ");
  return at <= 0
    ? { first_name: name, last_name: null }
    : { first_name: name.slice(0, at), last_name: name.slice(at + 1) };
}

/** A read-only 0–100 score from interest, contact details, budget and timeline (inferred). */
export function leadScore(l: Pick<Lead, "interest_level" | "email" | "phone" | "budget" | "timeline">): number {
  const interest = { hot: 50, warm: 30, cold: 10 }[l.interest_level ?? "cold"] ?? 10;
  const soon = l.timeline && /asap|1-3/i.test(l.timeline) ? 20 : l.timeline ? 10 : 0;
  return Math.min(100, interest + (l.email ? 10 : 0) + (l.phone ? 10 : 0) + (l.budget ? 10 : 0) + soon);
}

/** A full record from validated input; the seeder builds fixtures with the same function. */
export function buildLead(id: string, input: LeadInput & { name: string }, agentId: string, nowIso: string): Lead {
  const base = {
    email: null,
    phone: null,
    source: null,
    status: "new" as const,
    lead_type: null,
    interest_level: null,
    budget: null,
    timeline: null,
    property_interest: null,
    message: null,
    notes: null,
    last_contact_date: null,
    next_follow_up: null,
    ...withoutUndefined(input),
  };
  const { version: _ignored, ...fields } = base as typeof base & { version?: number };
  return {
    id,
    ...fields,
    name: input.name,
    ...splitName(input.name),
    assigned_agent_id: input.assigned_agent_id ?? agentId,
    lead_score: leadScore(fields),
    converted_to_client_id: null,
    version: 1,
    created_at: nowIso,
    updated_at: nowIso,
  };
}

export function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
