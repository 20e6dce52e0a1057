// The store port: where scans are kept and how their versions are known, between the engine's use cases
// (src/engine/engine.ts) and the two adapters — this process's registry (src/engine/memory-scan-store.ts, the embedded
// default) and Redis (src/cluster/redis-scan-store.ts, distributed mode). Async, so that a shared store can implement it.
import type { ScanSummary } from '../core/scan-registry.js';
import type { ScanSnapshot } from '../core/scan-snapshot.js';

export interface StartedScan {
  snapshot: ScanSnapshot;
  /** True when the caller's running scan was returned instead of a new one. */
  reused: boolean;
}

export interface StoreStatus {
  /** False for the process's own memory (the embedded default): no other instance reads it. */
  shared: boolean;
  /** The store answers. Always true in memory; in distributed mode, while Redis answers. */
  available: boolean;
  /** Scans waiting in the shared queue for an instance, and the age of the oldest, ms (null when none or unknown). */
  queueDepth: number | null;
  oldestQueuedAgeMs: number | null;
  /** Scan versions whose writes wait for the store to come back. */
  pendingMirrors: number;
}

export interface ScanStore {
  /** The scan's newest snapshot; undefined for an unknown or expired id. */
  read(id: string): Promise<ScanSnapshot | undefined>;
  /** Who owns the scan; undefined for an unknown or expired id. */
  ownerOf(id: string): Promise<string | undefined>;
  /** The user's scans, newest first. */
  list(userId: string, limit: number): Promise<ScanSummary[]>;
  /**
   * Calls `listener` with every new version of the scan. Resolves once listening, so a read made after it cannot miss a
   * version written in between; resolves to the unsubscribe function.
   */
  subscribe(id: string, listener: (snapshot: ScanSnapshot) => void): Promise<() => void>;
  /**
   * Registers a new scan as its user's running one, or — unless `force` — returns the user's running scan instead, in one
   * step no other start can interleave with. `first` builds the new scan's first snapshot (the placement's `prepare`) and
   * is called only when a scan is to be registered. Throws SCAN_CAPACITY when the store's own bound is reached.
   */
  register(userId: string, force: boolean, first: () => ScanSnapshot): Promise<StartedScan>;
  /** Asks a scan not yet final to stop, wherever it runs. */
  cancel(id: string): Promise<void>;
  status(): Promise<StoreStatus>;
}
