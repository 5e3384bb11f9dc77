import type { Destination, Settings } from "../config/env";
import { formatDiscord } from "../format/discord";
import { formatHttp } from "../format/http";
import { formatSlack } from "../format/slack";
import type { FormatEvent } from "../format/summary";
import { formatTeams } from "../format/teams";

/** A stored event as the delivery side reads it. */
export interface StoredEvent {
  id: string;
  name: string;
  timestamp: string;
  /** The raw signed body. */
  body: string;
}

/** The request one destination gets for one event: the pure part of a delivery. */
export async function buildRequest(
  destination: Destination,
  event: StoredEvent,
  settings: Pick<Settings, "appUrl" | "timeZone">,
  nowMs: number,
): Promise<{ headers: Record<string, string>; body: string }> {
  if (destination.type === "http") {
    if (!destination.signingKey) throw new Error(`destination ${destination.id} has no signing key`);
    return formatHttp({ id: event.id, name: event.name, raw: event.body }, destination.signingKey, nowMs);
  }
  const data = (JSON.parse(event.body) as { data?: unknown }).data;
  const input: FormatEvent = { id: event.id, name: event.name, timestamp: event.timestamp, data };
  const options = { appUrl: settings.appUrl, timeZone: destination.timeZone ?? settings.timeZone };
  const message =
    destination.type === "slack"
      ? formatSlack(input, options)
      : destination.type === "teams"
        ? formatTeams(input, options)
        : formatDiscord(input, options);
  return { headers: { "Content-Type": "application/json" }, body: JSON.stringify(message) };
}
