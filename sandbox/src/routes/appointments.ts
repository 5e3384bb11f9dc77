import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv, Caller, Deps } from "../app-env";
import { guard } from "../auth/guard";
import { applyUpdate, field, ResourceTable, visibleTo } from "../db/resource-table";
import { noUpdates, validationError } from "../http/api-error";
import { readJsonObject } from "../http/body";
import { ok } from "../http/envelope";
import { pageMeta, readPage } from "../http/pagination";
import { allChecked, isoDate, validate } from "../http/validate";
import {
  APPOINTMENT_STATUSES,
  APPOINTMENT_TYPES,
  type Appointment,
  buildAppointment,
  parseCreateAppointment,
  timeProblems,
  updateAppointmentSchema,
} from "../resources/appointments";
import { withoutUndefined } from "../resources/leads";
import { eventData } from "../webhooks/catalog";
import { enumFilter } from "./leads";

const appointmentsTable = (deps: Deps) => new ResourceTable<Appointment>(deps.sql, "appointments");

const emitAppointment = (deps: Deps, event: string, a: Appointment, caller: Caller) =>
  deps.events.emit(event, eventData(event, { ...a }), caller.user);

const startDateQuery = z.object({ start_date: isoDate.optional() });

/** Appointments (spec §2.2): key `appointments:*` or JWT. */
export function appointmentRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.use("*", guard({ auth: "key-or-jwt", resource: "appointments" }));

  r.get("/", (c) => {
    const [page, { start_date }, type, status] = allChecked(
      () => readPage(c.req.query()),
      () => validate(startDateQuery, { start_date: c.req.query("start_date") || undefined }),
      () => enumFilter("appointment_type", c.req.query("appointment_type"), APPOINTMENT_TYPES),
      () => enumFilter("status", c.req.query("status"), APPOINTMENT_STATUSES),
    );
    const filters = [
      visibleTo(c.var.caller.user),
      ...type,
      ...status,
      // Stored times are normalised ISO UTC, so string order is time order.
      ...(start_date ? [{ sql: `${field("start_time")} >= ?`, params: [`${start_date}T00:00:00.000Z`] }] : []),
    ];
    const { items, total } = appointmentsTable(c.env).page(
      filters,
      `${field("start_time")} ASC, created_at, rowid`,
      page,
    );
    return ok(c, { appointments: items, meta: pageMeta(page, total) });
  });

  r.post("/", async (c) => {
    const input = parseCreateAppointment(await readJsonObject(c, c.env.config().maxBodyBytes));
    const appointment = buildAppointment(c.env.nextId(), input, c.env.clock.iso());
    appointmentsTable(c.env).insert(c.var.caller.user, appointment);
    emitAppointment(c.env, "appointment.created", appointment, c.var.caller);
    return ok(c, appointment, 201);
  });

  r.get("/:id", (c) => ok(c, appointmentsTable(c.env).getFor(c.var.caller, c.req.param("id"), "Appointment").body));

  r.put("/:id", async (c) => {
    const raw = await readJsonObject(c, c.env.config().maxBodyBytes);
    const { version, ...patch } = withoutUndefined(validate(updateAppointmentSchema, raw));
    if (Object.keys(patch).length === 0) throw noUpdates();
    const table = appointmentsTable(c.env);
    const current = table.getFor(c.var.caller, c.req.param("id"), "Appointment").body;
    const problems = timeProblems({ ...current, ...patch });
    if (problems.length > 0) throw validationError(problems);
    const updated = table.save(applyUpdate(current, patch as Partial<Appointment>, version, c.env.clock.iso()));
    emitAppointment(c.env, "appointment.updated", updated, c.var.caller);
    if (updated.status === "cancelled" && current.status !== "cancelled") {
      emitAppointment(c.env, "appointment.cancelled", updated, c.var.caller);
    }
    return ok(c, updated);
  });

  r.delete("/:id", (c) => {
    const table = appointmentsTable(c.env);
    const appointment = table.getFor(c.var.caller, c.req.param("id"), "Appointment").body;
    table.delete(appointment.id);
    emitAppointment(c.env, "appointment.deleted", appointment, c.var.caller);
    return ok(c, { id: appointment.id });
  });

  return r;
}
