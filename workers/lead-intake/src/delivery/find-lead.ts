import type { leadsApi } from "@actuallycare/shared/client/groups/leads";

type LeadsApi = ReturnType<typeof leadsApi>;

/** The API's largest page (spec §1.5). */
const PAGE = 100;
/** A lead's `created_at` is the API's clock, the floor ours: this much disagreement is allowed. */
export const CLOCK_SKEW_MS = 10 * 60_000;
/**
 * When the last search's top lead is gone (deleted), where it stood is found by time, and this many leads before
 * the resume point are read again in case others went with it.
 */
const OVERLAP = 10;

/**
 * How far earlier attempts have searched, kept with the submission between attempts: the newest lead when the
 * last search began (`topId`, `topAt`), how many leads from it down were read (`covered`), and whether that
 * search reached the end (leads older than the floor, or the last page).
 */
export interface LookupProgress {
  topId: string;
  topAt: string | null;
  covered: number;
  complete: boolean;
}

export type Lookup =
  | { kind: "found"; leadId: string }
  | { kind: "absent"; progress: LookupProgress | null }
  | { kind: "incomplete"; progress: LookupProgress };

/**
 * Looks for the lead an unanswered attempt may have made: its notes end with `Submission <id>.` (toLead). Pages
 * newest first (spec §4.8) until the leads are older than `floorMs` (the submission's acceptance, minus clock skew)
 * or the list ends, reading at most `maxPages` pages (at least 2). Each search reads the leads that came since the
 * last one first (a slow request's lead may have landed since), then skips what an earlier search covered and goes
 * on from there; when the pages run out first it answers `incomplete` with where it got to.
 */
export async function findLeadOf(
  leads: LeadsApi,
  submissionId: string,
  floorMs: number,
  prior: LookupProgress | null,
  maxPages: number,
): Promise<Lookup> {
  const marker = `Submission ${submissionId}.`;
  let top: { id: string; at: string | null } | null = null;
  let earlier = prior;
  let page = 1;
  let previousFirst: string | undefined;
  for (let read = 0; read < Math.max(2, maxPages); read++) {
    const items = (await leads.list({ limit: PAGE, page })).leads;
    if (page === 1 && items[0]) top = { id: items[0].id, at: items[0].created_at ?? null };
    let shift: number | null = null;
    let overlap = 0;
    for (const [i, lead] of items.entries()) {
      if (typeof lead.notes === "string" && lead.notes.includes(marker)) return { kind: "found", leadId: lead.id };
      if (!earlier || shift !== null) continue;
      if (lead.id === earlier.topId) shift = (page - 1) * PAGE + i;
      else if (earlier.topAt && lead.created_at && lead.created_at < earlier.topAt) {
        shift = (page - 1) * PAGE + i;
        overlap = OVERLAP;
      }
    }
    const oldest = items.at(-1)?.created_at;
    const ended =
      items.length < PAGE ||
      items[0]?.id === previousFirst || // a server that ignores `page`: nothing more to read
      (oldest !== undefined && oldest !== null && Date.parse(oldest) < floorMs);
    if (ended) return { kind: "absent", progress: top && progressOf(top, page, true) };
    previousFirst = items[0]?.id;
    let next = page + 1;
    if (earlier && shift !== null) {
      // The leads from `shift` on were read by an earlier search, `earlier.covered` of them.
      if (earlier.complete) return { kind: "absent", progress: top && progressOf(top, page, true) };
      next = Math.max(next, Math.floor(Math.max(0, shift + earlier.covered - overlap) / PAGE) + 1);
      earlier = null;
    }
    page = next;
  }
  // Everything up to (page - 1) × PAGE is read, counted from the current top: the next attempt goes on from there.
  return { kind: "incomplete", progress: progressOf(top ?? { id: "", at: null }, page - 1, false) };
}

function progressOf(top: { id: string; at: string | null }, pagesRead: number, complete: boolean): LookupProgress {
  return { topId: top.id, topAt: top.at, covered: pagesRead * PAGE, complete };
}

/** At most this many pages per attempt (and never more than the invocation's subrequests allow). */
export const LOOKUP_PAGES_PER_ATTEMPT = 10;

export interface LookupDeps {
  db: D1Database;
  leads: LeadsApi;
  now: () => number;
  /** Subrequests left in this invocation, when counted: one is kept for the post. */
  budget?: { readonly remaining: number };
  lookupPagesPerAttempt?: number;
}

/**
 * One attempt's search for the lead of a submission whose earlier post went unanswered, resuming where the last
 * attempt got to (`submissions.lookup`) and recording where this one got to.
 */
export async function searchEarlierLead(
  deps: LookupDeps,
  submissionId: string,
  acceptedAt: string,
  stored: string | null,
): Promise<Lookup> {
  const accepted = Date.parse(acceptedAt);
  const floor = Number.isNaN(accepted) ? 0 : accepted - CLOCK_SKEW_MS;
  const pages = Math.min(deps.lookupPagesPerAttempt ?? LOOKUP_PAGES_PER_ATTEMPT, (deps.budget?.remaining ?? 1e9) - 1);
  const result = await findLeadOf(deps.leads, submissionId, floor, parseProgress(stored), pages);
  if (result.kind !== "found" && result.progress) {
    await deps.db
      .prepare("UPDATE submissions SET lookup = ?, updated_at = ? WHERE id = ?")
      .bind(JSON.stringify(result.progress), new Date(deps.now()).toISOString(), submissionId)
      .run();
  }
  return result;
}

function parseProgress(stored: string | null): LookupProgress | null {
  if (!stored) return null;
  try {
    const p = JSON.parse(stored) as Partial<LookupProgress>;
    return typeof p.topId === "string" && typeof p.covered === "number"
      ? {
          topId: p.topId,
          topAt: typeof p.topAt === "string" ? p.topAt : null,
          covered: p.covered,
          complete: !!p.complete,
        }
      : null;
  } catch {
    return null;
  }
}
