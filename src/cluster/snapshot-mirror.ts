// Mirrors the versions of the scans this instance runs to Redis (src/cluster/scan-records.ts publishes each one), so
// every instance reads the same snapshots. A scan's first version and its final one go out at once; those between are
// coalesced, of the newest version then (a reader may skip versions, never see one go back), carrying only what changed
// since the version written before it. A version that changes what a lost owner's scan would end with (its state, a
// strategy settled, opportunities found) is written within COALESCE_MS, and so is every version while someone elsewhere
// waits on the scan (a long-poll, an event stream, a recent read: src/cluster/watchers.ts); one that only moves progress
// along (a strategy started, a chunk done) waits up to QUIET_MS while nobody does, and is then stored unpublished. Writes go out in version order on one
// connection. While Redis is unreachable, scans keep running and their newest snapshots stay here; once it is back, the
// newest version of each is written whole, final ones included.
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import { recordParts, type RecordParts } from './scan-record-fields.js';
import type { ScanRecords } from './scan-records.js';
import type { Watchers } from './watchers.js';

/** The most often a watched running scan's versions are written (the first and the final one are not held back). */
export const COALESCE_MS = 50;
/** How often an unwatched running scan's progress alone is written: a reader elsewhere sees it at most this old. */
export const QUIET_MS = 1_000;

/** What a lost owner's scan would end with (src/cluster/finalize-elsewhere.ts keeps settled strategies' results). */
function outcomeOf(snapshot: ScanSnapshot): string {
  const { progress } = snapshot;
  return `${snapshot.state} ${progress.total - progress.queued - progress.running} ${snapshot.opportunities.length}`;
}

/** A scan this mirror writes, until its final version is stored. */
interface Mirrored {
  /** What the last write sent: the next one sends only what differs (the script checks the store holds it). */
  base: RecordParts | undefined;
  lastWriteAt: number;
  /** The outcome (outcomeOf) of the version last sent. */
  outcome: string;
  /** The newest version not written yet, and the timer that writes it, due at `dueAt`. */
  held: ScanSnapshot | undefined;
  timer: NodeJS.Timeout | undefined;
  dueAt: number;
}

export interface MirrorOptions {
  /** How long a final snapshot stays readable. */
  resultTtlMs: number;
  /** The lost-instance lapse: a running scan's record outlives its deadline by at least this. */
  lapseMs: number;
  /** The newest local snapshot of a scan (to rewrite after an outage). */
  latest(id: string): ScanSnapshot | undefined;
  /** Every scan this instance still holds, running or final (Redis may come back empty after an outage). */
  held(): readonly string[];
  /** A final snapshot is stored: its job can complete. */
  onFinalStored(snapshot: ScanSnapshot): void;
  /** The store refused a version (it holds a newer or a final one): the scan may have been finalised elsewhere. */
  onRefused?(snapshot: ScanSnapshot): void;
  onError(err: unknown, scanId: string): void;
  /** Who waits on which scan elsewhere; without it every scan counts as watched (written every COALESCE_MS). */
  watchers?: Pick<Watchers, 'watched' | 'onWatched' | 'check'>;
}

export class SnapshotMirror {
  readonly #records: ScanRecords;
  readonly #options: MirrorOptions;
  /** Scans whose newest version may not be stored. */
  readonly #pending = new Set<string>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #scans = new Map<string, Mirrored>();
  /** Versions written, for the cost-per-version figure. */
  written = 0;

  constructor(records: ScanRecords, options: MirrorOptions) {
    this.#records = records;
    this.#options = options;
    options.watchers?.onWatched((scanId) => {
      const scan = this.#scans.get(scanId);
      if (scan?.held) this.#arm(scanId, scan);
    });
  }

  /** Scans with versions still to store (Redis was unreachable). */
  get pending(): number {
    return this.#pending.size;
  }

  push(snapshot: ScanSnapshot): void {
    let scan = this.#scans.get(snapshot.id);
    if (!scan || snapshot.done) {
      if (scan) this.#release(scan);
      scan ??= { base: undefined, lastWriteAt: 0, outcome: '', held: undefined, timer: undefined, dueAt: 0 };
      if (!this.#scans.has(snapshot.id) && !snapshot.done) void this.#options.watchers?.check(snapshot.id).catch(() => undefined);
      this.#scans.set(snapshot.id, scan);
      return this.#send(scan, snapshot);
    }
    scan.held = snapshot;
    this.#arm(snapshot.id, scan);
  }

  #watched(scanId: string): boolean {
    const watchers = this.#options.watchers;
    return !watchers || watchers.watched(scanId);
  }

  /** Sets (or brings forward) the timer that writes the scan's held version, at the pace that version asks for. */
  #arm(scanId: string, scan: Mirrored): void {
    const held = scan.held;
    if (!held) return;
    const pace = this.#watched(scanId) || outcomeOf(held) !== scan.outcome ? COALESCE_MS : QUIET_MS;
    const dueAt = scan.lastWriteAt + pace;
    if (scan.timer && scan.dueAt <= dueAt) return;
    clearTimeout(scan.timer);
    scan.dueAt = dueAt;
    scan.timer = setTimeout(() => {
      scan.timer = undefined;
      const next = this.#release(scan);
      if (next) this.#send(scan, next);
    }, Math.max(0, dueAt - Date.now()));
  }

  /** Clears the scan's timer and hands over its held version. */
  #release(scan: Mirrored): ScanSnapshot | undefined {
    clearTimeout(scan.timer);
    scan.timer = undefined;
    const held = scan.held;
    scan.held = undefined;
    return held;
  }

  #send(scan: Mirrored, snapshot: ScanSnapshot): void {
    scan.lastWriteAt = Date.now();
    scan.outcome = outcomeOf(snapshot);
    if (snapshot.done) this.#scans.delete(snapshot.id);
    const write = this.#write(snapshot, scan).finally(() => this.#inFlight.delete(write));
    this.#inFlight.add(write);
  }

  /**
   * After an outage: writes the newest version of every scan held here. Those whose writes failed need it; the others
   * too when Redis came back without its data (restarted without persistence) — the guarded write skips any version
   * Redis already has, so a Redis that kept its data costs one cheap script call per scan.
   */
  async flush(): Promise<void> {
    const ids = [...new Set([...this.#pending, ...this.#options.held()])];
    this.#pending.clear();
    await Promise.all(
      ids.map((id) => {
        const snapshot = this.#options.latest(id);
        if (!snapshot) return undefined;
        const scan = this.#scans.get(id);
        if (scan) this.#release(scan);
        if (scan) scan.base = undefined;
        return this.#write(snapshot, scan);
      }),
    );
  }

  /** Ids of the scans whose newest version may not be stored (what a shutdown without Redis leaves unwritten). */
  unwritten(): string[] {
    return [...this.#pending];
  }

  /** Writes every held version now, then resolves once every write started so far has ended. */
  async idle(): Promise<void> {
    for (const scan of this.#scans.values()) {
      const held = this.#release(scan);
      if (held) this.#send(scan, held);
    }
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Writes a version on top of `scan.base` (whole without one) and makes it the base of the scan's next write. */
  async #write(snapshot: ScanSnapshot, scan: Mirrored | undefined): Promise<void> {
    const now = Date.now();
    const ttl = snapshot.done ? this.#options.resultTtlMs : Math.max(0, Date.parse(snapshot.deadlineAt) - now) + this.#options.lapseMs + this.#options.resultTtlMs;
    const base = scan?.base;
    const parts = recordParts(snapshot);
    // The next write's base is set before this one is answered (writes go out in order on one connection): a delta whose
    // base the store does not hold, because this write was refused or failed, is sent again whole by writeSince.
    if (scan) scan.base = parts;
    try {
      // Nobody elsewhere listens for a version between the first and the final of a scan nobody watches: stored only.
      const publish = !scan?.base || snapshot.done || this.#watched(snapshot.id);
      const { written } = await this.#records.writeSince(snapshot, ttl, base, parts, { publish });
      if (!written) {
        if (scan?.base === parts) scan.base = undefined;
        // The store holds a newer or a final version: the fence (src/cluster/ownership-fence.ts) asks which.
        return this.#options.onRefused?.(snapshot);
      }
      this.written += 1;
      if (snapshot.done) this.#options.onFinalStored(snapshot);
    } catch (err) {
      if (scan?.base === parts) scan.base = undefined;
      this.#pending.add(snapshot.id);
      this.#options.onError(err, snapshot.id);
    }
  }
}
