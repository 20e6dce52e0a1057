// The store in Redis (distributed mode): every instance reads every scan. Scans running on this process are read from its
// registry (their actors are the newest truth; src/cluster/snapshot-mirror.ts writes their versions to Redis); the rest
// from Redis (src/cluster/scan-records.ts), final ones kept in memory once read (final-snapshot-cache.ts), new versions
// heard over pub/sub (remote-feed.ts). Registration takes the user's "one running scan" lock and the shared queue's bound
// in one script; a cancel reaches the scan wherever it is — queued, here, or on another instance.
import type { ScanRegistry, ScanSummary } from '../core/scan-registry.js';
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import { EngineError, scanNotFound } from '../engine/engine-error.js';
import type { ScanStore, StartedScan, StoreStatus } from '../engine/scan-store.js';
import { FinalSnapshotCache } from './final-snapshot-cache.js';
import type { RemoteFeeds } from './remote-feed.js';
import type { ScanRecords } from './scan-records.js';
import type { StoreCall } from './store-call.js';

export interface RedisScanStoreOptions {
  /** How long a final scan stays readable. */
  resultTtlMs: number;
  /** The lost-instance lapse: a running scan's lock outlives its deadline by at least this. */
  lapseMs: number;
  /** Scans waiting for an instance, at most (SCANNER_MAX_QUEUED_SCANS). */
  maxQueued: number;
  /** Cancels a scan not running here: out of the queue if still queued, else its owner is told. */
  cancelElsewhere(id: string): Promise<void>;
  /** The store's state, with the shared queue's (read at health checks only). */
  status(): Promise<StoreStatus>;
  onError(err: unknown, context: string): void;
}

/** A snapshot read from Redis, as of now: the elapsed time of a scan still running moves on between versions. */
const fresh = (snapshot: ScanSnapshot): ScanSnapshot =>
  snapshot.done ? snapshot : { ...snapshot, elapsedMs: Math.max(0, Date.now() - Date.parse(snapshot.createdAt)) };

export class RedisScanStore implements ScanStore {
  readonly #registry: ScanRegistry;
  readonly #records: ScanRecords;
  readonly #feeds: RemoteFeeds;
  readonly #stored: StoreCall;
  readonly #options: RedisScanStoreOptions;
  readonly #finals: FinalSnapshotCache;

  constructor(registry: ScanRegistry, records: ScanRecords, feeds: RemoteFeeds, stored: StoreCall, options: RedisScanStoreOptions) {
    this.#registry = registry;
    this.#records = records;
    this.#feeds = feeds;
    this.#stored = stored;
    this.#options = options;
    this.#finals = new FinalSnapshotCache(options.resultTtlMs);
  }

  async read(id: string): Promise<ScanSnapshot | undefined> {
    const local = this.#registry.snapshot(id);
    if (local) return local;
    const cached = this.#finals.get(id);
    if (cached) return cached;
    const scan = await this.#stored(() => this.#records.get(id));
    if (!scan) return undefined;
    this.#finals.offer(scan.snapshot);
    return fresh(scan.snapshot);
  }

  async ownerOf(id: string): Promise<string | undefined> {
    return this.#registry.ownerOf(id) ?? this.#finals.get(id)?.userId ?? (await this.#stored(() => this.#records.ownerOf(id)));
  }

  list(userId: string, limit: number): Promise<ScanSummary[]> {
    return this.#stored(() => this.#records.list(userId, limit));
  }

  /** Wherever a scan runs, its versions are published in Redis; one running here is heard from its actor directly. */
  async subscribe(id: string, listener: (snapshot: ScanSnapshot) => void): Promise<() => void> {
    if (this.#registry.has(id)) return this.#registry.subscribe(id, listener);
    return this.#stored(() => this.#feeds.subscribe(id, (snapshot) => listener(fresh(snapshot))));
  }

  async register(userId: string, force: boolean, first: () => ScanSnapshot): Promise<StartedScan> {
    const snapshot = first();
    const lockTtlMs = Date.parse(snapshot.deadlineAt) - Date.parse(snapshot.createdAt) + this.#options.lapseMs + 1_000;
    const options = { force, lockTtlMs, ttlMs: lockTtlMs + this.#options.resultTtlMs, maxQueued: this.#options.maxQueued };
    const result = await this.#stored(() => this.#records.start(snapshot, options));
    switch (result.kind) {
      case 'full':
        throw new EngineError('SCAN_CAPACITY', `${result.queued} scans are waiting for an instance, the configured bound; retry later.`, {
          retryAfterSec: 1,
          extra: { queued: result.queued },
        });
      case 'reused': {
        const running = await this.read(result.scanId);
        // The running scan expired between the script and this read: as gone as any expired id.
        if (!running || running.userId !== userId) throw scanNotFound();
        return { snapshot: running, reused: true };
      }
      case 'replaced':
        // `force` took the lock from the user's running scan: that one is cancelled, wherever it is.
        void this.cancel(result.previous).catch((err: unknown) => this.#options.onError(err, result.previous));
        return { snapshot, reused: false };
      case 'created':
        return { snapshot, reused: false };
    }
  }

  async cancel(id: string): Promise<void> {
    if (this.#registry.has(id)) {
      this.#registry.cancel(id);
      return;
    }
    await this.#stored(() => this.#options.cancelElsewhere(id));
  }

  status(): Promise<StoreStatus> {
    return this.#options.status();
  }
}
