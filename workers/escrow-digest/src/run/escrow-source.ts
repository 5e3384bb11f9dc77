import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import type { Escrow, EscrowListQuery, EscrowsApi, TimelineEntry } from "@actuallycare/shared/client/groups/escrows";
import { paginate } from "@actuallycare/shared/client/paginate";
import type { Recipient } from "../config/recipients";
import type { TimelineCache } from "../ledger/timeline-cache";

/**
 * The API reads of one run (a queue batch, a preview), each made at most
 * once however many recipients need it: one paginated list per status
 * (`limit=100`, the API's `status` filter), one timeline per escrow (none for
 * an escrow whose version's timeline is cached from an earlier run), one
 * lookup per escrow that left a recipient's list.
 */
export class EscrowSource {
  private readonly lists = new Map<string, Promise<Escrow[]>>();
  private readonly timelines = new Map<string, Promise<TimelineEntry[]>>();
  private readonly lookups = new Map<string, Promise<Escrow | null>>();
  /** API calls made, for the benchmark and the logs. */
  calls = 0;

  constructor(
    private readonly api: EscrowsApi,
    private readonly cache: TimelineCache | null = null,
  ) {}

  private list(status: string): Promise<Escrow[]> {
    let p = this.lists.get(status);
    if (!p) {
      p = (async () => {
        const out: Escrow[] = [];
        const counted = (q: EscrowListQuery) => {
          this.calls += 1;
          return this.api.list(q);
        };
        for await (const e of paginate(counted, "escrows", { status, limit: 100 })) out.push(e);
        return out;
      })();
      // A failed read is not memoised: the next recipient (or retry) tries again.
      p.catch(() => this.lists.delete(status));
      this.lists.set(status, p);
    }
    return p;
  }

  /** The escrows a recipient sees: its statuses, then its field filters. */
  async escrowsFor(recipient: Recipient): Promise<Escrow[]> {
    const lists = await Promise.all(recipient.escrows.status.map((s) => this.list(s)));
    const seen = new Set<string>();
    const out: Escrow[] = [];
    for (const e of lists.flat()) {
      if (seen.has(e.id) || !matches(e, recipient.escrows.match)) continue;
      seen.add(e.id);
      out.push(e);
    }
    return out;
  }

  /**
   * The timelines of these escrows: from this run, else from the cache when
   * the escrow's version has not changed, else fetched (and cached at once,
   * so a run that the rate limit cuts short keeps its progress).
   */
  async timelinesFor(escrows: readonly Escrow[]): Promise<Map<string, TimelineEntry[]>> {
    const out = new Map<string, TimelineEntry[]>();
    const missing = escrows.filter((e) => !this.timelines.has(e.id));
    // An answer without `version` (the API may omit it) cannot be matched to a cached copy: fetched every run.
    const versioned = missing.flatMap((e) => (typeof e.version === "number" ? [{ id: e.id, version: e.version }] : []));
    const cached = this.cache && versioned.length > 0 ? await this.cache.get(versioned) : new Map();
    for (const [id, t] of cached) this.timelines.set(id, Promise.resolve(t));
    for (const e of escrows) out.set(e.id, await this.timeline(e));
    return out;
  }

  private timeline(escrow: Escrow): Promise<TimelineEntry[]> {
    let p = this.timelines.get(escrow.id);
    if (!p) {
      this.calls += 1;
      p = this.api.timeline(escrow.id).then(async (t) => {
        if (typeof escrow.version === "number") await this.cache?.put(escrow.id, escrow.version, t);
        return t;
      });
      p.catch(() => this.timelines.delete(escrow.id));
      this.timelines.set(escrow.id, p);
    }
    return p;
  }

  /** The current record of an escrow, or null when the API no longer serves it (archived, deleted: 404). */
  lookup(id: string): Promise<Escrow | null> {
    let p = this.lookups.get(id);
    if (!p) {
      this.calls += 1;
      p = this.api.get(id).catch((err) => {
        if (err instanceof ActuallyCareError && err.kind === "http" && err.status === 404) return null;
        throw err;
      });
      p.catch(() => this.lookups.delete(id));
      this.lookups.set(id, p);
    }
    return p;
  }
}

/** Every filter holds: the field equals the value, or one of the values; strings compare case-insensitively. */
export function matches(escrow: Escrow, match: Recipient["escrows"]["match"]): boolean {
  if (!match) return true;
  const norm = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : v);
  return Object.entries(match).every(([field, wanted]) => {
    const actual = norm((escrow as Record<string, unknown>)[field]);
    const options = Array.isArray(wanted) ? wanted : [wanted];
    return options.some((w) => norm(w) === actual);
  });
}
