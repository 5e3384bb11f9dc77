import type { TimelineEntry } from "@actuallycare/shared/client/groups/escrows";
import type { Config } from "../config/env";
import type { Recipient } from "../config/recipients";
import { buildDigest, type Digest, weekEndOf } from "../content/build-digest";
import { mattersBetween, milestonesOf } from "../content/milestones";
import { goneIds } from "../content/snapshot";
import { previousSnapshot } from "../ledger/recipient-store";
import type { OutgoingEmail } from "../render/build-mime";
import { renderHtml } from "../render/render-html";
import { renderText } from "../render/render-text";
import { addDays } from "../schedule/zoned-time";
import { signUnsubscribe, TOKEN_LIFETIME_MS } from "../unsubscribe/unsubscribe-token";
import type { EscrowSource } from "./escrow-source";

export interface ComposeDeps {
  db: D1Database;
  config: Config;
  source: EscrowSource;
  now: () => number;
}

export interface Composed {
  digest: Digest;
  email: OutgoingEmail;
}

/**
 * Reads what one recipient's digest needs (their escrows, the previous
 * digest, timelines only for escrows with a date that matters in the window,
 * the fate of escrows that left the list) and renders the email.
 */
export async function composeDigest(deps: ComposeDeps, recipient: Recipient, date: string): Promise<Composed> {
  const escrows = await deps.source.escrowsFor(recipient);
  const previous = await previousSnapshot(deps.db, recipient.email, date);
  const windowEnd = addDays(weekEndOf(date), 7);
  const needTimeline = escrows.filter((e) => mattersBetween(milestonesOf(e), date, windowEnd));
  const timelines: Map<string, TimelineEntry[]> = await deps.source.timelinesFor(needTimeline);
  const gone = new Map();
  for (const id of goneIds(previous, escrows)) gone.set(id, await deps.source.fateOf(id));
  const digest = buildDigest({
    recipient,
    date,
    escrows,
    timelines,
    previous,
    gone,
    escrowUrl: deps.config.escrowUrl,
  });
  const token = await signUnsubscribe(deps.config.unsubscribeSecret, recipient.email, deps.now() + TOKEN_LIFETIME_MS);
  const unsubscribeUrl = `${deps.config.publicUrl}/unsubscribe?token=${encodeURIComponent(token)}`;
  const ctx = { unsubscribeUrl };
  return {
    digest,
    email: {
      from: deps.config.emailFrom,
      to: recipient.email,
      toName: recipient.name,
      subject: digest.subject,
      html: renderHtml(digest, ctx),
      text: renderText(digest, ctx),
      headers: {
        "List-Unsubscribe": `<${unsubscribeUrl}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    },
  };
}
