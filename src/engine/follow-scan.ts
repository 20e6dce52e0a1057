// Following one scan: its newest snapshot, then every new version in order, ending after the final one. The engine's
// follow use case (src/engine/engine.ts) runs this over the store port, whichever store it is (the local registry, or
// Redis pub/sub): only where versions come from and how a snapshot is read differ.
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import { SnapshotFeed } from './snapshot-feed.js';

export interface FollowSource {
  /** Starts delivering every new version of the scan; resolves to how to stop. */
  subscribe(listener: (snapshot: ScanSnapshot) => void): (() => void) | Promise<() => void>;
  /** The scan's newest snapshot. Read after subscribing: a version published in between is then read or heard. */
  current(): ScanSnapshot | Promise<ScanSnapshot>;
  /** What a version looks like to the follower (default: as it is). */
  present?(snapshot: ScanSnapshot): ScanSnapshot;
}

/**
 * The newest snapshot, then every new version in order (never repeated or reordered), ending after the final one, or
 * when `signal` aborts — after the versions already queued (shutdown cancels scans first, so their final snapshot still
 * goes out).
 */
export async function* followScan(source: FollowSource, signal?: AbortSignal): AsyncIterableIterator<ScanSnapshot> {
  const feed = new SnapshotFeed();
  const unsubscribe = await source.subscribe((snapshot) => feed.push(snapshot));
  const onAbort = (): void => feed.end();
  if (signal?.aborted) feed.end();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let snapshot: ScanSnapshot | undefined = await source.current();
    let lastVersion = -1;
    while (snapshot) {
      if (snapshot.version > lastVersion) {
        lastVersion = snapshot.version;
        yield source.present ? source.present(snapshot) : snapshot;
      }
      if (snapshot.done) return;
      snapshot = await feed.next();
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}
