// Final snapshots read from Redis, kept on this instance: a final snapshot never changes (the store refuses any write
// over it), so every later read of it — the polls that find a scan done, the list of results a client re-reads — is
// answered from memory, as fast as on the instance that ran it. Bounded in count, and nothing outlives the result TTL.
import type { ScanSnapshot } from '../core/scan-snapshot.js';

export const DEFAULT_FINAL_CACHE_SIZE = 1_000;

export class FinalSnapshotCache {
  /** Insertion order is eviction order (a re-read moves an entry to the end). */
  readonly #entries = new Map<string, { snapshot: ScanSnapshot; expiresAt: number }>();
  readonly #max: number;
  readonly #ttlMs: number;

  constructor(ttlMs: number, max = DEFAULT_FINAL_CACHE_SIZE) {
    this.#ttlMs = ttlMs;
    this.#max = max;
  }

  get(id: string, now = Date.now()): ScanSnapshot | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    this.#entries.delete(id);
    if (entry.expiresAt <= now) return undefined;
    this.#entries.set(id, entry);
    return entry.snapshot;
  }

  /** Keeps a snapshot if it is final; others are not cacheable. */
  offer(snapshot: ScanSnapshot): void {
    if (!snapshot.done || snapshot.finishedAt === null || this.#max === 0) return;
    const expiresAt = Date.parse(snapshot.finishedAt) + this.#ttlMs;
    this.#entries.delete(snapshot.id);
    this.#entries.set(snapshot.id, { snapshot, expiresAt });
    while (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}
