// Fencing an owner whose lease lapsed (issue 18, §1). A scan runs on the instance that placed it, under that instance's
// lease: its heartbeat key (src/cluster/heartbeat.ts). An owner paused past the lapse (a long GC, a VM migration, a
// frozen container) has lost the lease, and the others may have finalised its scans (INSTANCE_LOST) while it slept. The
// store then holds the one true ending, and the owner's local copy must not be served again.
//
// Like BullMQ's job lock token, each scan is claimed under the lease epoch current when it was placed. The epoch moves on
// whenever the lease is found lapsed: by the clock (no beat acknowledged for a lapse) or by Redis (a beat found the key
// gone). A scan claimed in an older epoch is no longer trusted: every read of it here asks the store first, and when the
// store holds a final snapshot that is not this instance's own, the scan is surrendered — its tasks stop at once, its
// local copy is dropped, and from then on this instance serves the store's final snapshot. A write the store refuses
// (src/cluster/scan-records.ts never writes over a final version) triggers the same check.
//
// Because an untrusted read asks the store after the request arrived, no reader can see a final snapshot on one instance
// and then this instance's stale copy. What is left open: an instance cut off from Redis while the others still reach it
// serves its local copy until Redis answers it again (the store cannot be asked), as before.
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import type { StoredScan } from './scan-records.js';

export interface FenceOptions {
  /** The lost-instance lapse: how long a lease lasts after the beat that renewed it was sent. */
  lapseMs: number;
  /** The store's copy of a scan. */
  stored(id: string): Promise<StoredScan | undefined>;
  /** This instance's copy of a scan, if it still holds it. */
  local(id: string): ScanSnapshot | undefined;
  /** Resolves once the writes to the store started so far have ended (a local final may be on its way). */
  mirrored(): Promise<void>;
  /** Stops the scan's tasks, drops the local copy, hands its followers `final`. */
  surrender(id: string, final: ScanSnapshot): void;
  warn(fields: Record<string, unknown>, message: string): void;
  /** Monotonic ms (performance.now()); the same clock the beats' send times use. */
  now?(): number;
}

/** The epoch a scan claimed while the lease was already lapsed: never trusted. */
const LAPSED = -1;

export class OwnershipFence {
  readonly #options: FenceOptions;
  readonly #now: () => number;
  #epoch = 0;
  /** Scans running here, by the lease epoch they were claimed in. */
  readonly #claims = new Map<string, number>();
  /** When the lease runs out: the send time of the newest acknowledged beat + the lapse; null before the first beat. */
  #leaseUntil: number | null = null;
  /** How long this instance had been silent when its lease was last found lapsed, ms (for the warn line). */
  #silentMs = 0;
  /** Checks against the store in progress, one per scan. */
  readonly #checks = new Map<string, Promise<ScanSnapshot | undefined>>();

  constructor(options: FenceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  /** A scan placed here: it runs under the current lease. */
  claim(id: string): void {
    this.#claims.set(id, this.#leaseHolds() ? this.#epoch : LAPSED);
  }

  /** This instance's final snapshot of the scan is the stored one: nothing left to fence. */
  release(id: string): void {
    this.#claims.delete(id);
  }

  /** A beat Redis acknowledged: `sentAt` on this fence's clock; `keyWasThere` false if the key had expired meanwhile. */
  beat(sentAt: number, keyWasThere: boolean): void {
    if (this.#leaseUntil !== null && !keyWasThere) this.#lapse(Math.round(sentAt - (this.#leaseUntil - this.#options.lapseMs)));
    this.#leaseUntil = Math.max(this.#leaseUntil ?? 0, sentAt + this.#options.lapseMs);
  }

  /** True when the local copy may be served as it is; false when the store must be asked first (`check`). */
  trusts(id: string): boolean {
    const epoch = this.#claims.get(id);
    if (epoch === undefined) return true;
    if (!this.#leaseHolds()) this.#lapse(Math.round(this.#now() - ((this.#leaseUntil ?? 0) - this.#options.lapseMs)));
    return epoch === this.#epoch;
  }

  /** The store refused a version of the scan: it may have been finalised elsewhere. */
  refused(id: string): void {
    void this.check(id);
  }

  /**
   * Asks the store about a scan held here. Resolves to the store's final snapshot if the scan was finalised elsewhere
   * (the scan is surrendered), or undefined when the local copy stands (also when the store cannot be reached).
   */
  check(id: string): Promise<ScanSnapshot | undefined> {
    const running = this.#checks.get(id);
    if (running) return running;
    const check = this.#check(id)
      .catch(() => undefined)
      .finally(() => this.#checks.delete(id));
    this.#checks.set(id, check);
    return check;
  }

  async #check(id: string): Promise<ScanSnapshot | undefined> {
    let stored = await this.#options.stored(id);
    const local = this.#options.local(id);
    if (!local) return stored?.done ? stored.snapshot : undefined;
    if (local.done && stored && !stored.done) {
      // The local final may still be on its way: once written, it is the store's too.
      await this.#options.mirrored();
      stored = await this.#options.stored(id);
    }
    if (!stored?.done) return undefined;
    this.#claims.delete(id);
    if (local.done && local.version === stored.version && local.finishedAt === stored.snapshot.finishedAt) return undefined;
    this.#options.surrender(id, stored.snapshot);
    this.#options.warn(
      { scanId: id, silentMs: this.#silentMs, lapseMs: this.#options.lapseMs, localVersion: local.version, localState: local.state, storedVersion: stored.version, storedState: stored.snapshot.state },
      'scan finalised elsewhere while this instance was silent past the lapse: its tasks are stopped and the stored final snapshot is served',
    );
    return stored.snapshot;
  }

  #leaseHolds(): boolean {
    return this.#leaseUntil === null || this.#now() < this.#leaseUntil;
  }

  /** The lease has lapsed: every scan claimed so far is checked against the store before it is served again. */
  #lapse(silentMs: number): void {
    const trusted = [...this.#claims].filter(([, epoch]) => epoch === this.#epoch).map(([id]) => id);
    this.#silentMs = Math.max(this.#silentMs, silentMs);
    if (trusted.length === 0) return;
    this.#epoch += 1;
    this.#silentMs = silentMs;
    this.#options.warn({ silentMs, lapseMs: this.#options.lapseMs, scanIds: trusted }, 'this instance was silent past the lost-instance lapse: the scans it runs are checked against the store before they are served again');
    for (const id of trusted) void this.check(id);
  }
}
