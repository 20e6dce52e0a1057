// The seam between the engine's use cases and where scans live. Reads, lists and change notifications go through it;
// today the in-process registry (src/core/scan-registry.ts) is the store, and a shared store (several instances) can take its
// place without the use cases changing.
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import type { ScanSummary } from '../core/scan-registry.js';

export interface ScanStore {
  /** The scan's current snapshot (undefined for an unknown or expired id). */
  snapshot(id: string): ScanSnapshot | undefined;
  ownerOf(id: string): string | undefined;
  /** The user's scans, newest first. */
  list(userId: string, limit: number): ScanSummary[];
  /** The user's newest scan that is not final. */
  activeScanOf(userId: string): string | undefined;
  /** Calls `listener` with every new version until the scan is final; returns the unsubscribe function. */
  subscribe(id: string, listener: (snapshot: ScanSnapshot) => void): () => void;
}
