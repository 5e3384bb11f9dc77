import { signStandardWebhook } from "@actuallycare/shared/webhooks/standard";

/** `webhook-id` of an event: the same for every attempt and replay, so receivers de-duplicate on it. */
export const standardIdOf = (eventId: string) => `evt_${eventId}`;

/**
 * The `http` destination's request: the original event body, byte for byte as
 * ActuallyCare signed it, re-signed with Standard Webhooks under the
 * destination's own `whsec_` secret (ActuallyCare's secret never leaves us).
 */
export async function formatHttp(
  event: { id: string; name: string; raw: string },
  signingSecret: string,
  nowMs: number,
): Promise<{ headers: Record<string, string>; body: string }> {
  const signed = await signStandardWebhook(signingSecret, standardIdOf(event.id), nowMs / 1000, event.raw);
  return {
    headers: { "Content-Type": "application/json", "X-ActuallyCare-Event": event.name, ...signed },
    body: event.raw,
  };
}
