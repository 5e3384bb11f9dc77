import { categorySummary } from "./category-summaries";
import { display, humanise } from "./text";

/** The event as every formatter sees it. */
export interface FormatEvent {
  /** Our event id (SHA-256 of the signed body). */
  id: string;
  name: string;
  timestamp: string;
  data: unknown;
}

export interface FormatOptions {
  /** The ActuallyCare web app, for "Open in ActuallyCare" links. */
  appUrl: string;
  /** IANA zone for times a person reads (appointments). */
  timeZone: string;
}

/** One labelled value; text is plain (each formatter escapes it for its own markup). */
export interface SummaryField {
  label: string;
  value: string;
}

/** A readable account of one event, independent of any chat platform. All strings are unescaped plain text. */
export interface Summary {
  /** e.g. "New lead: Rachel Kim · Website Form". */
  title: string;
  /** A second line, e.g. an escrow's address; may be empty. */
  detail: string;
  fields: SummaryField[];
  link: { label: string; url: string } | null;
  eventName: string;
  timestamp: string;
}

/** Category summaries read known fields by name; this builds the field list from what is actually there. */
export function fieldsFrom(
  data: Record<string, unknown>,
  picks: ReadonlyArray<readonly [string, string, ((v: unknown) => string | null)?]>,
): SummaryField[] {
  const fields: SummaryField[] = [];
  for (const [key, label, show = display] of picks) {
    const value = show(data[key]);
    if (value !== null) fields.push({ label, value });
  }
  return fields;
}

/** Longer links are no real record's (ids are UUIDs), and chat platforms refuse them. */
const MAX_LINK = 2000;

/** A link into the app for a record, or null when the id is missing or implausible. */
export function appLink(options: FormatOptions, section: string, id: unknown): Summary["link"] {
  if (typeof id !== "string" || id === "") return null;
  const url = `${options.appUrl.replace(/\/+$/, "")}/${section}/${encodeURIComponent(id)}`;
  return url.length <= MAX_LINK ? { label: "Open in ActuallyCare", url } : null;
}

const asRecord = (data: unknown): Record<string, unknown> =>
  typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};

/**
 * The summary of any event: a category's own wording for the events we know,
 * and for the rest (new event types arrive without notice) a generic but
 * readable one: the event name in words and every top-level field of `data`.
 */
export function summarize(event: FormatEvent, options: FormatOptions): Summary {
  const data = asRecord(event.data);
  const known = categorySummary(event.name, data, options);
  const base = { eventName: event.name, timestamp: event.timestamp };
  if (known) return { ...known, ...base };
  const [category = event.name, ...action] = event.name.split(".");
  const fields = Object.entries(data)
    .map(([k, v]) => ({ label: humanise(k), value: display(v) }))
    .filter((f): f is SummaryField => f.value !== null);
  if (event.data !== undefined && Object.keys(data).length === 0 && display(event.data) !== null) {
    fields.push({ label: "Data", value: display(event.data) as string });
  }
  return {
    ...base,
    title: `ActuallyCare: ${humanise(category)} ${action.join(" ").replace(/_/g, " ")}`.trim(),
    detail: "",
    fields,
    link: null,
  };
}
