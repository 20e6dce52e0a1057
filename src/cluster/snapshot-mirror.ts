// Mirrors every version of the scans this instance runs to Redis (src/cluster/scan-records.ts publishes each one), so
// every instance reads the same snapshots and versions. Writes go out in version order on one connection. While Redis
// is unreachable, scans keep running and their newest snapshots stay here; once it is back, the newest version of each
// is written, final ones included.
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import type { ScanRecords } from './scan-records.js';

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
}

export class SnapshotMirror {
  readonly #records: ScanRecords;
  readonly #options: MirrorOptions;
  /** Scans whose newest version may not be stored. */
  readonly #pending = new Set<string>();
  readonly #inFlight = new Set<Promise<void>>();
  /** Versions written, for the cost-per-version figure. */
  written = 0;

  constructor(records: ScanRecords, options: MirrorOptions) {
    this.#records = records;
    this.#options = options;
  }

  /** Scans with versions still to store (Redis was unreachable). */
  get pending(): number {
    return this.#pending.size;
  }

  push(snapshot: ScanSnapshot): void {
    const write = this.#write(snapshot).finally(() => this.#inFlight.delete(write));
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
        return snapshot ? this.#write(snapshot) : undefined;
      }),
    );
  }

  /** Ids of the scans whose newest version may not be stored (what a shutdown without Redis leaves unwritten). */
  unwritten(): string[] {
    return [...this.#pending];
  }

  /** Resolves once every write started so far has ended. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #write(snapshot: ScanSnapshot): Promise<void> {
    const now = Date.now();
    const ttl = snapshot.done ? this.#options.resultTtlMs : Math.max(0, Date.parse(snapshot.deadlineAt) - now) + this.#options.lapseMs + this.#options.resultTtlMs;
    try {
      if (!(await this.#records.write(snapshot, ttl))) return this.#options.onRefused?.(snapshot);
      this.written += 1;
      if (snapshot.done) this.#options.onFinalStored(snapshot);
    } catch (err) {
      this.#pending.add(snapshot.id);
      this.#options.onError(err, snapshot.id);
    }
  }
}
