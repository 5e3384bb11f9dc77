import * as z from "zod";
import { type FieldProblem, validationError } from "../http/api-error";
import { email, isoDateTime, problemsOf } from "../http/validate";
import { oneOf, requiredText, text } from "./clients";
import { withoutUndefined } from "./leads";

export const APPOINTMENT_TYPES = ["showing", "inspection", "signing", "meeting", "call", "other"] as const;
export const APPOINTMENT_STATUSES = ["scheduled", "completed", "cancelled", "no_show"] as const;

export interface Attendee {
  name: string;
  email: string | null;
  phone: string | null;
}

/** The appointment record as the API returns it (spec §2.2). */
export interface Appointment {
  id: string;
  title: string;
  appointment_type: (typeof APPOINTMENT_TYPES)[number] | null;
  start_time: string;
  end_time: string;
  location: string | null;
  description: string | null;
  notes: string | null;
  status: (typeof APPOINTMENT_STATUSES)[number];
  client_id: string | null;
  lead_id: string | null;
  listing_id: string | null;
  escrow_id: string | null;
  attendees: Attendee[];
  reminder_sent: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

const requiredDateTime = (label: string) => z.string({ message: `${label} is required` }).pipe(isoDateTime);

const reference = z.string({ message: "Expected a UUID" }).uuid("Expected a UUID").nullable();

const attendee = z
  .object(
    {
      name: requiredText("Attendee name", 200),
      email: email.nullable().optional(),
      phone: text(40).nullable().optional(),
    },
    { message: "Expected an object" },
  )
  .transform((a): Attendee => ({ name: a.name, email: a.email ?? null, phone: a.phone ?? null }));

const writable = {
  title: requiredText("Title", 200),
  start_time: requiredDateTime("start_time"),
  end_time: requiredDateTime("end_time"),
  appointment_type: oneOf("appointment_type", APPOINTMENT_TYPES).nullable(),
  status: oneOf("status", APPOINTMENT_STATUSES),
  location: text(500).nullable(),
  description: text(5000).nullable(),
  notes: text(10000).nullable(),
  client_id: reference,
  lead_id: reference,
  listing_id: reference,
  escrow_id: reference,
  attendees: z
    .array(attendee, { message: "Expected an array of attendees" })
    .max(50, "At most 50 attendees")
    .nullable()
    .transform((v) => v ?? []),
};

/** `POST /appointments`: `title`, `start_time` and `end_time` required (spec §2.2). */
export const createAppointmentSchema = z
  .object(writable)
  .partial()
  .extend({ title: writable.title, start_time: writable.start_time, end_time: writable.end_time });

export const updateAppointmentSchema = z
  .object({ ...writable, version: z.number({ message: "Expected an integer" }).int().positive() })
  .partial();

export type AppointmentInput = z.infer<typeof updateAppointmentSchema>;

/** End must be after start; checked on the merged record so a PUT of either side is checked too. */
export function timeProblems(a: Pick<Appointment, "start_time" | "end_time">): FieldProblem[] {
  return Date.parse(a.end_time) > Date.parse(a.start_time)
    ? []
    : [{ field: "end_time", message: "end_time must be after start_time" }];
}

/**
 * `POST /appointments` input, with the time rule. zod skips cross-field rules once
 * a field fails, so the rule is added by hand when both times are valid: every
 * problem is reported at once (spec §4.5).
 */
export function parseCreateAppointment(raw: unknown): z.infer<typeof createAppointmentSchema> {
  const result = createAppointmentSchema.safeParse(raw);
  if (result.success) {
    const problems = timeProblems(result.data);
    if (problems.length > 0) throw validationError(problems);
    return result.data;
  }
  const b = raw as Record<string, unknown>;
  const start = writable.start_time.safeParse(b.start_time);
  const end = writable.end_time.safeParse(b.end_time);
  const times = start.success && end.success ? timeProblems({ start_time: start.data, end_time: end.data }) : [];
  throw validationError([...problemsOf(result.error), ...times]);
}

/** A full record from validated input; the seeder builds fixtures with the same function. */
export function buildAppointment(
  id: string,
  input: AppointmentInput & Pick<Appointment, "title" | "start_time" | "end_time">,
  nowIso: string,
): Appointment {
  const { version: _ignored, ...fields } = withoutUndefined(input);
  return {
    id,
    appointment_type: null,
    location: null,
    description: null,
    notes: null,
    status: "scheduled",
    client_id: null,
    lead_id: null,
    listing_id: null,
    escrow_id: null,
    attendees: [],
    ...fields,
    title: input.title,
    start_time: input.start_time,
    end_time: input.end_time,
    reminder_sent: false,
    version: 1,
    created_at: nowIso,
    updated_at: nowIso,
  };
}
