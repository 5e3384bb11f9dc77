import type { Resource } from "../event-log/catalog";

/**
 * One realistic record per resource (the sandbox's demo people and places), the source of a sample when the log has
 * no real items yet. Every catalog field has a value of its type, so a sample has exactly a live item's keys and types.
 */
export const SAMPLE_RECORDS: Record<Resource, Record<string, string | number>> = {
  lead: {
    id: "f2b8d4a6-3c5e-4f7a-9b1d-8e0c6a4f2d9b",
    name: "Rachel Kim",
    email: "rachel.kim@example.com",
    phone: "(661) 555-0198",
    source: "Website Form",
    status: "new",
    converted_to_client_id: "a3f8c1d2-6b4e-4a9f-8d27-95c0e3b1f684",
  },
  client: {
    id: "a3f8c1d2-6b4e-4a9f-8d27-95c0e3b1f684",
    first_name: "Michael",
    last_name: "Torres",
    email: "michael.torres@example.com",
    phone: "(661) 555-0142",
    client_type: "buyer",
    status: "active",
  },
  contact: {
    id: "c1e5a7b3-2d4f-4e6a-8b0c-9d1e3f5a7b2c",
    first_name: "Dana",
    last_name: "Whitfield",
    email: "dana.whitfield@example.com",
    phone: "(661) 555-0117",
    contact_type: "lender",
  },
  escrow: {
    id: "e7c3a1f5-9b2d-4c8e-a6f0-3d5b7e9c1a42",
    status: "active",
    property_address: "1234 Valley View Dr, Tehachapi, CA 93561",
    escrow_number: "ESC-2026-0042",
    previous_status: "pending",
  },
  listing: {
    id: "b9d2f4a6-1c3e-4b5d-8f7a-2e4c6a8b0d13",
    mls_number: "ML81992437",
    address: "456 Oak Ave, Tehachapi, CA 93561",
    list_price: 425000,
    status: "pending",
    previous_status: "active",
  },
  appointment: {
    id: "d4b7a9e2-8c1f-4d6a-b3e5-7f9c2a0d8b46",
    title: "Buyer consultation — Torres family",
    appointment_type: "meeting",
    start_time: "2026-07-10T17:00:00.000Z",
    end_time: "2026-07-10T18:00:00.000Z",
    status: "scheduled",
    client_id: "a3f8c1d2-6b4e-4a9f-8d27-95c0e3b1f684",
  },
};

/** What a record looks like after the event (a converted lead, a cancelled appointment). */
export const SAMPLE_OVERRIDES: Record<string, Record<string, string>> = {
  "lead.converted": { status: "converted" },
  "appointment.cancelled": { status: "cancelled" },
};

/** When a sample happened: the sandbox's fixture time (spec Appendix A). */
export const SAMPLE_TIME_MS = Date.parse("2026-07-01T16:00:00.000Z");
