import * as z from "@actuallycare/shared/zod";

/** Where an event can go. Each type has its own formatter in `format/`. */
export const DESTINATION_TYPES = ["slack", "teams", "discord", "http"] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

/** The name of a Worker secret (`wrangler secret put NAME`): URLs and keys live there, never in the var. */
const secretName = z
  .string()
  .check(z.regex(/^[A-Z][A-Z0-9_]{0,63}$/, "Expected the name of a Worker secret, such as SLACK_SALES_URL"));

/** An event name filter: exact (`lead.created`) or with `*` wildcards (`lead.*`, `*.status_changed`, `*`). */
const eventPattern = z
  .string()
  .check(z.regex(/^(\*|[a-z0-9_*]+(\.[a-z0-9_*]+)*)$/, "Expected an event name such as lead.created, lead.* or *"));

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** A dotted path into the event's `data`, e.g. `source` or `address.city`. */
const fieldPath = z.string().check(z.regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, "Expected a field such as source"));

/**
 * A condition on the event's `data`; every condition of a destination must hold.
 * `equals` and `oneOf` compare exactly; `contains` is a case-insensitive
 * substring of a text value, or an element of a list value.
 */
export const conditionSchema = z.union([
  z.strictObject({ field: fieldPath, equals: scalar }),
  z.strictObject({ field: fieldPath, oneOf: z.array(scalar).check(z.minLength(1)) }),
  z.strictObject({ field: fieldPath, contains: z.string().check(z.minLength(1)) }),
]);
export type Condition = z.infer<typeof conditionSchema>;

const common = {
  id: z
    .string()
    .check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "Destination ids are lower-case letters, digits and dashes")),
  /** Event filters; an event goes to the destination when any of them matches its name. */
  events: z.array(eventPattern).check(z.minLength(1)),
  conditions: z._default(z.array(conditionSchema), []),
  enabled: z._default(z.boolean(), true),
  /** The secret holding the destination's URL (the Slack, Teams or Discord webhook URL, or your endpoint). */
  urlSecret: secretName,
  /** IANA time zone for times in chat messages (appointments); the worker's TIME_ZONE when absent. */
  timeZone: z.optional(z.string().check(z.minLength(1))),
};

export const destinationSchema = z.discriminatedUnion("type", [
  z.strictObject({ ...common, type: z.literal("slack") }),
  z.strictObject({ ...common, type: z.literal("teams") }),
  z.strictObject({ ...common, type: z.literal("discord") }),
  /** `http`: the original event, re-signed with Standard Webhooks; `signingSecret` names a `whsec_` secret. */
  z.strictObject({ ...common, type: z.literal("http"), signingSecret: secretName }),
]);
export type DestinationConfig = z.infer<typeof destinationSchema>;

export const destinationsSchema = z
  .array(destinationSchema)
  .check(z.refine((list) => new Set(list.map((d) => d.id)).size === list.length, "Destination ids must be unique"));

const issuesOf = (error: z.core.$ZodError, root: string) =>
  error.issues.map((i) => `${i.path.join(".") || root}: ${i.message}`).join("; ");

/** Parses the DESTINATIONS var; a bad config throws with every problem named (also run by `npm run check:config`). */
export function parseDestinations(json: string): DestinationConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("DESTINATIONS is not valid JSON");
  }
  const result = z.safeParse(destinationsSchema, raw);
  if (!result.success) throw new Error(`DESTINATIONS is invalid: ${issuesOf(result.error, "DESTINATIONS")}`);
  for (const d of result.data) {
    if (timeZoneInvalid(d.timeZone)) throw new Error(`DESTINATIONS is invalid: ${d.id}.timeZone: unknown time zone`);
  }
  return result.data;
}

export function timeZoneInvalid(zone: string | undefined): boolean {
  if (zone === undefined) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return false;
  } catch {
    return true;
  }
}

/** The retired Office 365 connector URLs (`*.webhook.office.com/webhookb2/…`): Microsoft stopped them. */
const RETIRED_TEAMS = /^https:\/\/[^/]*\.webhook\.office\.com\/webhookb2\//i;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Checks one destination's URL (a secret's value) for its type; returns the problem, or null. URLs are https,
 * except plain http to this machine (the playground's local inboxes); a retired Teams connector URL is refused
 * with the way to move.
 */
export function destinationUrlProblem(type: DestinationType, url: string): string | null {
  const parsed = URL.parse(url);
  const local = parsed?.protocol === "http:" && LOOPBACK.has(parsed.hostname);
  if (!parsed || (parsed.protocol !== "https:" && !local)) return "must be an https:// URL";
  if (type === "teams" && RETIRED_TEAMS.test(url)) {
    return (
      "is a retired Office 365 connector URL (webhook.office.com/webhookb2), which Microsoft no longer delivers to. " +
      'In Teams, add the Workflows template "Send webhook alerts to a channel" (trigger "When a Teams webhook ' +
      'request is received") to the channel, and put the URL it gives you in this secret.'
    );
  }
  return null;
}
