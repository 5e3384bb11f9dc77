import * as z from "../../zod";
import { pagedList } from "../envelope";
import {
  deletedSchema,
  maybeBoolean,
  maybeList,
  maybeNumber,
  maybeString,
  openEnum,
  type PageQuery,
} from "../schema-helpers";
import type { Transport } from "../transport";

export const APPOINTMENT_TYPES = ["showing", "inspection", "signing", "meeting", "call", "other"] as const;
export const APPOINTMENT_STATUSES = ["scheduled", "completed", "cancelled", "no_show"] as const;

/** `{name, email, phone}` of an attendee. */
export const attendeeSchema = z.looseObject({
  name: maybeString,
  email: maybeString,
  phone: maybeString,
});
export type Attendee = z.infer<typeof attendeeSchema>;

/** An appointment (spec §2.2). Only `id` is required; unknown fields are kept. */
export const appointmentSchema = z.looseObject({
  id: z.string(),
  title: maybeString,
  appointment_type: z.optional(z.nullable(openEnum(APPOINTMENT_TYPES))),
  start_time: maybeString,
  end_time: maybeString,
  location: maybeString,
  description: maybeString,
  notes: maybeString,
  status: z.optional(z.nullable(openEnum(APPOINTMENT_STATUSES))),
  client_id: maybeString,
  lead_id: maybeString,
  listing_id: maybeString,
  escrow_id: maybeString,
  attendees: maybeList(attendeeSchema),
  reminder_sent: maybeBoolean,
  version: maybeNumber,
  created_at: maybeString,
  updated_at: maybeString,
});
export type Appointment = z.infer<typeof appointmentSchema>;

/** Writable appointment fields (spec §2.2); `null` clears an optional one. */
export interface AppointmentInput {
  title?: string;
  /** ISO date-time; must be before `end_time`. */
  start_time?: string;
  end_time?: string;
  appointment_type?: (typeof APPOINTMENT_TYPES)[number] | null;
  status?: (typeof APPOINTMENT_STATUSES)[number];
  location?: string | null;
  description?: string | null;
  notes?: string | null;
  client_id?: string | null;
  lead_id?: string | null;
  listing_id?: string | null;
  escrow_id?: string | null;
  attendees?: Array<{ name: string; email?: string | null; phone?: string | null }> | null;
}

export interface AppointmentListQuery extends PageQuery {
  appointment_type?: string;
  status?: string;
  /** `YYYY-MM-DD`: appointments starting on or after that day (UTC). */
  start_date?: string;
}

const appointmentList = pagedList("appointments", appointmentSchema);
const path = (id: string) => `/appointments/${encodeURIComponent(id)}`;

/** Appointments (spec §2.2): API key `appointments:*` or JWT. */
export function appointmentsApi(t: Transport) {
  return {
    /** `GET /appointments`: `{appointments, meta}`, by `start_time` ascending. */
    list: async (query: AppointmentListQuery = {}) =>
      (
        await t.request({
          method: "GET",
          path: "/appointments",
          query: { ...query },
          auth: "key-or-jwt",
          data: appointmentList,
        })
      ).data,
    create: async (body: AppointmentInput & Required<Pick<AppointmentInput, "title" | "start_time" | "end_time">>) =>
      (await t.request({ method: "POST", path: "/appointments", body, auth: "key-or-jwt", data: appointmentSchema }))
        .data,
    get: async (id: string) =>
      (await t.request({ method: "GET", path: path(id), auth: "key-or-jwt", data: appointmentSchema })).data,
    /** Partial update; pass `version` to fail with 409 `VERSION_CONFLICT` on a stale copy. */
    update: async (id: string, body: AppointmentInput & { version?: number }) =>
      (await t.request({ method: "PUT", path: path(id), body, auth: "key-or-jwt", data: appointmentSchema })).data,
    /** Hard delete; answers `{id}`. */
    delete: async (id: string) =>
      (await t.request({ method: "DELETE", path: path(id), auth: "key-or-jwt", data: deletedSchema })).data,
  };
}

export type AppointmentsApi = ReturnType<typeof appointmentsApi>;
