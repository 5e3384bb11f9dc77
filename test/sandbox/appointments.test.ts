import { beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { CapturedRequest } from "../support/captured-request";
import { call, expectError, fixtureKey, login, resetSandbox, USERS } from "../support/sandbox-client";

// Appointments (spec §2.2), against Appendix A's fixtures: 28 appointments owned by Jordan.
const IP = "10.43.0.1";
const NOW = "2026-07-01T16:00:00.000Z";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TORRES_CONSULT = "d4b7a9e2-8c1f-4d6a-b3e5-7f9c2a0d8b46";
const TORRES_CLIENT = "a3f8c1d2-6b4e-4a9f-8d27-95c0e3b1f684";
const TOTAL = 28;

const RECORD_KEYS = [
  "id",
  "title",
  "appointment_type",
  "start_time",
  "end_time",
  "location",
  "description",
  "notes",
  "status",
  "client_id",
  "lead_id",
  "listing_id",
  "escrow_id",
  "attendees",
  "reminder_sent",
  "version",
  "created_at",
  "updated_at",
].sort();

interface Appointment {
  id: string;
  title: string;
  appointment_type: string | null;
  start_time: string;
  end_time: string;
  status: string;
  [k: string]: unknown;
}

const captureUrl = inject("captureUrl");
let full: string;
let run = 0;

beforeAll(async () => {
  full = await fixtureKey("full-access");
});
beforeEach(async () => {
  await resetSandbox();
  await clock({ now: NOW, frozen: true });
  run++;
});

const api = (path: string, opts: Parameters<typeof call>[1] = {}) => call(path, { key: full, ip: IP, ...opts });
const fields = (e: { details: Array<{ field: string }> }) => e.details.map((d) => d.field).sort();
const create = (body: unknown) => api("/v1/appointments", { method: "POST", body });
const put = (id: string, body: unknown) => api(`/v1/appointments/${id}`, { method: "PUT", body });

async function clock(change: { now?: string; advanceMs?: number; frozen?: boolean }): Promise<void> {
  const r = await call("/__sandbox/clock", { method: "POST", body: change });
  if (r.status !== 200) throw new Error(`clock failed: ${r.status} ${JSON.stringify(r.body)}`);
}

async function all(query = ""): Promise<Appointment[]> {
  const r = await api(`/v1/appointments?limit=100${query}`);
  expect(r.status).toBe(200);
  expect(r.body.data.meta.total).toBe(r.body.data.appointments.length);
  return r.body.data.appointments;
}

const idsOf = (list: Appointment[]) => list.map((a) => a.id).sort();
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function subscribe(events: string[]): Promise<string> {
  const path = `/ok/appointments-${run}-${Date.now().toString(36)}`;
  const maria = (await login(USERS.maria, IP)).accessToken;
  const r = await call("/v1/webhooks", {
    method: "POST",
    token: maria,
    ip: IP,
    body: { url: `${captureUrl}${path}`, events, secret: "appointment-secret" },
  });
  if (r.status !== 201) throw new Error(`subscribe failed: ${r.status} ${JSON.stringify(r.body)}`);
  return path;
}

async function received(path: string, n: number): Promise<Array<{ event: string; data: Record<string, unknown> }>> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${captureUrl}/__captured?path=${encodeURIComponent(path)}`);
    const list = (await res.json()) as CapturedRequest[];
    if (list.length >= n) return list.map((r) => JSON.parse(r.body));
    await pause(50);
  }
  throw new Error(`timed out waiting for ${n} deliveries at ${path}`);
}

describe("appointments: list", () => {
  it("lists 25 per page sorted by start_time ascending", async () => {
    const r = await api("/v1/appointments");
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(Object.keys(r.body.data).sort()).toEqual(["appointments", "meta"]);
    expect(r.body.data.meta).toEqual({ page: 1, limit: 25, total: TOTAL, totalPages: 2, hasMore: true });
    for (const a of r.body.data.appointments) expect(Object.keys(a).sort()).toEqual(RECORD_KEYS);
    const everything = await all();
    const starts = everything.map((a) => a.start_time);
    expect(starts).toEqual([...starts].sort());
    expect(r.body.data.appointments).toEqual(everything.slice(0, 25));
    const second = await api("/v1/appointments?page=2");
    expect(second.body.data.appointments).toEqual(everything.slice(25));
    expect(second.body.data.meta.hasMore).toBe(false);
    const past = await api("/v1/appointments?page=3");
    expect(past.body.data.appointments).toEqual([]);
    expect(past.body.data.meta).toEqual({ page: 3, limit: 25, total: TOTAL, totalPages: 2, hasMore: false });
    // A new appointment takes its place by start time, not creation time.
    const early = await create({
      title: "Early",
      start_time: "2026-07-01T17:00:00Z",
      end_time: "2026-07-01T17:30:00Z",
    });
    expect((await api("/v1/appointments?limit=1")).body.data.appointments[0].id).toBe(early.body.data.id);
  });

  it("serves Appendix A's consultation and its showing and inspection", async () => {
    const r = await api(`/v1/appointments/${TORRES_CONSULT}`);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({
      id: TORRES_CONSULT,
      title: "Buyer consultation — Torres family",
      appointment_type: "meeting",
      start_time: "2026-07-10T17:00:00.000Z",
      end_time: "2026-07-10T18:00:00.000Z",
      location: "9900 Stockdale Hwy, Bakersfield, CA 93311",
      description: expect.any(String),
      notes: null,
      status: "scheduled",
      client_id: TORRES_CLIENT,
      lead_id: null,
      listing_id: null,
      escrow_id: null,
      attendees: [{ name: "Michael Torres", email: "michael.torres@example.com", phone: "(661) 555-0142" }],
      reminder_sent: false,
      version: 1,
      created_at: expect.stringMatching(/^2026-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      updated_at: expect.stringMatching(/^2026-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    const everything = await all();
    expect(
      everything.filter((a) => a.appointment_type === "showing" && a.title.includes("789 Golden Hills")),
    ).toHaveLength(1);
    expect(
      everything.filter((a) => a.appointment_type === "inspection" && a.title.includes("1234 Valley View")),
    ).toHaveLength(1);
  });

  it("filters by appointment_type and status, case-insensitively", async () => {
    const everything = await all();
    for (const type of ["showing", "inspection", "signing", "meeting", "call", "other"]) {
      const expected = everything.filter((a) => a.appointment_type === type);
      expect(expected.length, type).toBeGreaterThan(0);
      const got = await all(`&appointment_type=${type.toUpperCase()}`);
      expect(idsOf(got), type).toEqual(idsOf(expected));
      expect(got.map((a) => a.start_time)).toEqual(expected.map((a) => a.start_time));
    }
    const cancelled = everything.filter((a) => a.status === "cancelled");
    expect(cancelled.length).toBeGreaterThan(0);
    expect(idsOf(await all("&status=Cancelled"))).toEqual(idsOf(cancelled));
    expect(idsOf(await all("&status=scheduled&appointment_type=meeting"))).toEqual(
      idsOf(everything.filter((a) => a.status === "scheduled" && a.appointment_type === "meeting")),
    );
    expect(await all("&status=no_show")).toEqual([]);
    expect(fields(expectError(await api("/v1/appointments?appointment_type=lunch"), 400, "VALIDATION_ERROR"))).toEqual([
      "appointment_type",
    ]);
    expect(fields(expectError(await api("/v1/appointments?status=done"), 400, "VALIDATION_ERROR"))).toEqual(["status"]);
  });

  it("filters by start_date: starting on or after that day, UTC", async () => {
    const everything = await all();
    const fromTenth = everything.filter((a) => a.start_time >= "2026-07-10T00:00:00.000Z");
    expect(fromTenth.length).toBeGreaterThan(1);
    expect(fromTenth.length).toBeLessThan(TOTAL);
    const got = await all("&start_date=2026-07-10");
    expect(got.map((a) => a.id)).toEqual(fromTenth.map((a) => a.id));
    expect(got.map((a) => a.id)).toContain(TORRES_CONSULT);
    expect((await all("&start_date=2026-07-11")).map((a) => a.id)).not.toContain(TORRES_CONSULT);
    // A start at exactly midnight UTC counts for that day.
    const midnight = await create({
      title: "Midnight",
      start_time: "2026-09-01T00:00:00Z",
      end_time: "2026-09-01T01:00:00Z",
    });
    expect((await all("&start_date=2026-09-01")).map((a) => a.id)).toEqual([midnight.body.data.id]);
    expect(await all("&start_date=2026-09-02")).toEqual([]);
    for (const bad of ["07/10/2026", "2026-07-10T00:00:00Z", "2026-02-30"]) {
      expect(
        fields(expectError(await api(`/v1/appointments?start_date=${bad}`), 400, "VALIDATION_ERROR")),
        bad,
      ).toEqual(["start_date"]);
    }
  });
});

describe("appointments: create", () => {
  it("creates with defaults; times normalised to UTC with milliseconds", async () => {
    const r = await create({
      title: " Listing photos ",
      start_time: "2026-07-12T10:00:00-07:00",
      end_time: "2026-07-12T11:30:00-07:00",
    });
    expect(r.status).toBe(201);
    expect(r.body.data).toEqual({
      id: expect.stringMatching(UUID),
      title: "Listing photos",
      appointment_type: null,
      start_time: "2026-07-12T17:00:00.000Z",
      end_time: "2026-07-12T18:30:00.000Z",
      location: null,
      description: null,
      notes: null,
      status: "scheduled",
      client_id: null,
      lead_id: null,
      listing_id: null,
      escrow_id: null,
      attendees: [],
      reminder_sent: false,
      version: 1,
      created_at: NOW,
      updated_at: NOW,
    });
    expect((await api(`/v1/appointments/${r.body.data.id}`)).body.data).toEqual(r.body.data);
    expect((await api("/v1/appointments?limit=1")).body.data.meta.total).toBe(TOTAL + 1);
  });

  it("stores the optional fields; enums lower-cased; read-only fields ignored", async () => {
    const body = {
      title: "Signing — 456 Oak Ave",
      appointment_type: "Signing",
      status: "COMPLETED",
      start_time: "2026-07-20T18:00:00.000Z",
      end_time: "2026-07-20T19:00:00.000Z",
      location: "Kern Valley Escrow",
      description: "Seller signing",
      notes: "Bring ID",
      client_id: TORRES_CLIENT,
      lead_id: "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b",
      listing_id: "11111111-1111-4111-8111-111111111111",
      escrow_id: "22222222-2222-4222-8222-222222222222",
      attendees: [{ name: "Linda Park", email: "LINDA.park@example.com" }, { name: "Officer" }],
    };
    const r = await create({ ...body, id: "33333333-3333-4333-8333-333333333333", version: 5, reminder_sent: true });
    expect(r.status).toBe(201);
    expect(r.body.data).toEqual({
      ...body,
      id: expect.stringMatching(UUID),
      appointment_type: "signing",
      status: "completed",
      attendees: [
        { name: "Linda Park", email: "linda.park@example.com", phone: null },
        { name: "Officer", email: null, phone: null },
      ],
      reminder_sent: false,
      version: 1,
      created_at: NOW,
      updated_at: NOW,
    });
    expect(r.body.data.id).not.toBe("33333333-3333-4333-8333-333333333333");
  });

  it("requires title, start_time and end_time, with end after start", async () => {
    const bad = async (body: unknown) => fields(expectError(await create(body), 400, "VALIDATION_ERROR"));
    const e = expectError(await create({}), 400, "VALIDATION_ERROR");
    expect(e.message).toBe("Invalid request data");
    expect(fields(e)).toEqual(["end_time", "start_time", "title"]);
    const ok = { title: "x", start_time: "2026-07-12T17:00:00.000Z", end_time: "2026-07-12T18:00:00.000Z" };
    expect(await bad({ ...ok, end_time: ok.start_time })).toEqual(["end_time"]);
    expect(await bad({ ...ok, end_time: "2026-07-12T16:59:59.999Z" })).toEqual(["end_time"]);
    // The same instant written in another offset is still not after the start.
    expect(await bad({ ...ok, end_time: "2026-07-12T10:00:00-07:00" })).toEqual(["end_time"]);
    expect(await bad({ ...ok, start_time: "2026-07-12" })).toEqual(["start_time"]);
    expect(await bad({ ...ok, start_time: "tomorrow" })).toEqual(["start_time"]);
    expect(await bad({ ...ok, title: "" })).toEqual(["title"]);
    expect(await bad({ ...ok, appointment_type: "lunch" })).toEqual(["appointment_type"]);
    expect(await bad({ ...ok, status: "done" })).toEqual(["status"]);
    expect(await bad({ ...ok, client_id: "Torres" })).toEqual(["client_id"]);
    expect(await bad({ ...ok, attendees: [{ email: "a@example.com" }] })).toEqual(["attendees.0.name"]);
    expect(await bad({ ...ok, attendees: [{ name: "A", email: "bad" }] })).toEqual(["attendees.0.email"]);
    // The time rule is reported beside other problems, not instead of them.
    expect(await bad({ ...ok, title: "", end_time: ok.start_time })).toEqual(["end_time", "title"]);
    // A minute after is fine.
    expect((await create({ ...ok, end_time: "2026-07-12T17:01:00.000Z" })).status).toBe(201);
  });
});

describe("appointments: update and delete", () => {
  it("updates partially with versions; the time rule applies to the merged record", async () => {
    await clock({ now: "2026-07-02T08:00:00.000Z" });
    const before = (await api(`/v1/appointments/${TORRES_CONSULT}`)).body.data;
    const r = await put(TORRES_CONSULT, { location: "Zoom", version: 1 });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ ...before, location: "Zoom", version: 2, updated_at: "2026-07-02T08:00:00.000Z" });
    const stale = await put(TORRES_CONSULT, { notes: "x", version: 1 });
    expect(expectError(stale, 409, "VERSION_CONFLICT").details).toEqual({ currentVersion: 2, attemptedVersion: 1 });
    // Moving only the end before the stored start, or only the start after the stored end, is refused.
    expect(
      fields(expectError(await put(TORRES_CONSULT, { end_time: "2026-07-10T16:00:00Z" }), 400, "VALIDATION_ERROR")),
    ).toEqual(["end_time"]);
    expect(
      fields(expectError(await put(TORRES_CONSULT, { start_time: "2026-07-10T18:00:00Z" }), 400, "VALIDATION_ERROR")),
    ).toEqual(["end_time"]);
    // Moving both together is fine.
    const moved = await put(TORRES_CONSULT, { start_time: "2026-07-11T17:00:00Z", end_time: "2026-07-11T18:00:00Z" });
    expect(moved.body.data).toMatchObject({
      start_time: "2026-07-11T17:00:00.000Z",
      end_time: "2026-07-11T18:00:00.000Z",
      version: 3,
    });
    expect(fields(expectError(await put(TORRES_CONSULT, { title: null }), 400, "VALIDATION_ERROR"))).toEqual(["title"]);
    expect(fields(expectError(await put(TORRES_CONSULT, { start_time: null }), 400, "VALIDATION_ERROR"))).toEqual([
      "start_time",
    ]);
    const cleared = await put(TORRES_CONSULT, { location: null, appointment_type: null });
    expect(cleared.body.data).toMatchObject({ location: null, appointment_type: null, version: 4 });
    expectError(await put(TORRES_CONSULT, { bogus: 1 }), 400, "NO_UPDATES");
    expectError(await put(TORRES_CONSULT, { reminder_sent: true }), 400, "NO_UPDATES");
    expectError(await put("00000000-0000-4000-8000-000000000000", { notes: "x" }), 404, "NOT_FOUND");
  });

  it("emits created, updated, cancelled (once, on the change) and deleted", async () => {
    const path = await subscribe([
      "appointment.created",
      "appointment.updated",
      "appointment.cancelled",
      "appointment.deleted",
    ]);
    const made = await create({
      title: "Call — Marcus Bell",
      appointment_type: "call",
      start_time: "2026-07-03T17:00:00Z",
      end_time: "2026-07-03T17:30:00Z",
      client_id: TORRES_CLIENT,
    });
    const id = made.body.data.id;
    await put(id, { status: "cancelled" });
    await put(id, { notes: "still cancelled" });
    const del = await api(`/v1/appointments/${id}`, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(del.body.data).toEqual({ id });
    const got = await received(path, 5);
    const byEvent = (name: string) => got.filter((b) => b.event === name).map((b) => b.data);
    const data = {
      id,
      title: "Call — Marcus Bell",
      appointment_type: "call",
      start_time: "2026-07-03T17:00:00.000Z",
      end_time: "2026-07-03T17:30:00.000Z",
      client_id: TORRES_CLIENT,
    };
    expect(byEvent("appointment.created")).toEqual([{ ...data, status: "scheduled" }]);
    expect(byEvent("appointment.updated")).toEqual([
      { ...data, status: "cancelled" },
      { ...data, status: "cancelled" },
    ]);
    expect(byEvent("appointment.cancelled")).toEqual([{ ...data, status: "cancelled" }]);
    expect(byEvent("appointment.deleted")).toEqual([{ id }]);
  });

  it("deletes hard: afterwards GET, PUT and DELETE are 404", async () => {
    const del = await api(`/v1/appointments/${TORRES_CONSULT}`, { method: "DELETE" });
    expect(del.body.data).toEqual({ id: TORRES_CONSULT });
    expectError(await api(`/v1/appointments/${TORRES_CONSULT}`), 404, "NOT_FOUND");
    expectError(await put(TORRES_CONSULT, { notes: "x" }), 404, "NOT_FOUND");
    expectError(await api(`/v1/appointments/${TORRES_CONSULT}`, { method: "DELETE" }), 404, "NOT_FOUND");
    expectError(await api("/v1/appointments/not-a-uuid"), 404, "NOT_FOUND");
    expect((await api("/v1/appointments?limit=1")).body.data.meta.total).toBe(TOTAL - 1);
  });
});

describe("appointments: access", () => {
  it("needs appointments scopes on a key; JWT callers and the broker see them", async () => {
    const digest = await fixtureKey("escrow-digest");
    const e = expectError(await api("/v1/appointments", { key: digest }), 403, "INSUFFICIENT_SCOPE");
    expect(e.required_scope).toBe("appointments:read");
    expect(
      expectError(
        await api(`/v1/appointments/${TORRES_CONSULT}`, { key: digest, method: "DELETE" }),
        403,
        "INSUFFICIENT_SCOPE",
      ).required_scope,
    ).toBe("appointments:delete");
    const maria = (await login(USERS.maria, IP)).accessToken;
    const r = await call(`/v1/appointments/${TORRES_CONSULT}`, { token: maria, ip: IP });
    expect(r.status).toBe(200);
    expect(r.body.data.title).toBe("Buyer consultation — Torres family");
    expectError(await call("/v1/appointments", { ip: IP }), 401, "NO_AUTH_TOKEN");
  });
});
