import { ActuallyCareError } from "@actuallycare/shared/client/errors";
import type { Escrow, EscrowListQuery, EscrowsApi, TimelineEntry } from "@actuallycare/shared/client/groups/escrows";
import { paginate } from "@actuallycare/shared/client/paginate";
import type { Recipient } from "../config/recipients";
import type { ListCountStore, ListCounts } from "../ledger/list-counts";
import type { TimelineCache } from "../ledger/timeline-cache";
import { keepCombined, PAGE_SIZE, startCombined } from "./list-plan";

/** What a run reads besides the API: caches from earlier runs, and the statuses its recipients want. */
export interface SourceOptions {
  cache?: TimelineCache | null;
  counts?: ListCountStore | null;
  /** Every status the run's recipients may ask for (the configured recipients'), for the list plan. */
  statuses?: readonly string[];
}

/**
 * The API reads of one run (a queue batch, a preview), each made at most
 * once however many recipients need it: the escrow lists (`limit=100`; one
 * combined `status=all` list or one per status, as run/list-plan.ts
 * decides), one timeline per escrow (none for an escrow whose version's
 * timeline is cached from an earlier run), one lookup per escrow that left a
 * recipient's list and that no list of the run holds.
 */
export class EscrowSource {
  private readonly lists = new Map<string, Promise<Escrow[]>>();
  private combined: Promise<Escrow[] | null> | null = null;
  /** Every record a list of this run returned, by id: where an escrow that left a recipient's list went. */
  private readonly known = new Map<string, Escrow>();
  private readonly timelines = new Map<string, Promise<TimelineEntry[]>>();
  private readonly lookups = new Map<string, Promise<Escrow | null>>();
  private readonly cache: TimelineCache | null;
  private readonly counts: ListCountStore | null;
  private readonly statuses: readonly string[];
  /** API calls made, for the benchmark and the logs. */
  calls = 0;
  /** The list plan this run took, for the benchmark and the logs (null before the first list). */
  plan: "combined" | "per-status" | "switched" | null = null;

  constructor(
    private readonly api: EscrowsApi,
    opts: SourceOptions = {},
  ) {
    this.cache = opts.cache ?? null;
    this.counts = opts.counts ?? null;
    this.statuses = [...new Set(opts.statuses ?? ["active", "pending"])];
  }

  private counted = (q: EscrowListQuery) => {
    this.calls += 1;
    return this.api.list(q);
  };

  /** One status's list, for the per-status plan. */
  private list(status: string): Promise<Escrow[]> {
    let p = this.lists.get(status);
    if (!p) {
      p = (async () => {
        const out: Escrow[] = [];
        for await (const e of paginate(this.counted, "escrows", { status, limit: PAGE_SIZE })) out.push(e);
        this.remember(out);
        await this.record({ [status]: out.length });
        return out;
      })();
      // A failed read is not memoised: the next recipient (or retry) tries again.
      p.catch(() => this.lists.delete(status));
      this.lists.set(status, p);
    }
    return p;
  }

  /** The combined list when the plan takes it, else null (the per-status lists are read instead). */
  private combinedList(): Promise<Escrow[] | null> {
    if (!this.combined) {
      const p = (async () => {
        // Counts are a hint: unreadable, the run decides as a first run would.
        const counts = (await this.counts?.get().catch(() => null)) ?? {};
        if (!startCombined(counts, this.statuses)) {
          this.plan = "per-status";
          return null;
        }
        let total: number | undefined;
        const first = (q: EscrowListQuery) =>
          this.counted(q).then((r) => {
            total ??= r.meta?.total;
            return r;
          });
        const out: Escrow[] = [];
        for await (const e of paginate(first, "escrows", { status: "all", limit: PAGE_SIZE })) {
          // At the first item, page 1 has answered: its total says whether the rest is worth reading.
          // (Without `meta.total` the list is read to its end, as paginate would.)
          if (out.length === 0 && total !== undefined && !keepCombined(total, counts, this.statuses)) {
            this.plan = "switched";
            await this.record({ all: total });
            return null;
          }
          out.push(e);
        }
        this.plan = "combined";
        this.remember(out);
        const byStatus: ListCounts = Object.fromEntries(this.statuses.map((s) => [s, 0]));
        for (const e of out) byStatus[statusOf(e)] = (byStatus[statusOf(e)] ?? 0) + 1;
        await this.record({ ...byStatus, all: out.length });
        return out;
      })();
      p.catch(() => {
        this.combined = null;
      });
      this.combined = p;
    }
    return this.combined;
  }

  private remember(escrows: readonly Escrow[]): void {
    for (const e of escrows) this.known.set(e.id, e);
  }

  /** Counts for the next run's plan; not recording them only costs that run a worse guess. */
  private async record(counts: ListCounts): Promise<void> {
    await this.counts?.put(counts).catch(() => {});
  }

  /** The escrows a recipient sees: its statuses, then its field filters. */
  async escrowsFor(recipient: Recipient): Promise<Escrow[]> {
    const wanted = recipient.escrows.status;
    const all = await this.combinedList();
    const pool = all
      ? all.filter((e) => wanted.includes(statusOf(e) as (typeof wanted)[number]))
      : (await Promise.all(wanted.map((s) => this.list(s)))).flat();
    const seen = new Set<string>();
    const out: Escrow[] = [];
    for (const e of pool) {
      if (seen.has(e.id) || !matches(e, recipient.escrows.match)) continue;
      seen.add(e.id);
      out.push(e);
    }
    return out;
  }

  /**
   * The current record of an escrow that left a recipient's list: from a list
   * this run read (the combined list holds closed and cancelled escrows), else
   * looked up. A lookup remains for escrows no list holds: archived or deleted
   * (the API answers 404, so null), or moved between pages while they were read.
   */
  fateOf(id: string): Promise<Escrow | null> {
    const known = this.known.get(id);
    return known ? Promise.resolve(known) : this.lookup(id);
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
  private lookup(id: string): Promise<Escrow | null> {
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

/** The escrow's status as the API's filter compares it (case-insensitively). */
const statusOf = (e: Escrow) => String(e.escrow_status).toLowerCase();

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
