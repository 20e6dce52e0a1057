// Final snapshots read from Redis are kept on the reading instance (src/cluster/final-snapshot-cache.ts): only final
// ones, bounded in count, never past the result TTL.
import { describe, expect, it } from 'vitest';
import { FinalSnapshotCache } from '../../../src/cluster/final-snapshot-cache.js';
import type { ScanSnapshot } from '../../../src/core/scan-snapshot.js';

const T0 = Date.UTC(2026, 10, 29, 12);
const snapshot = (id: string, done: boolean): ScanSnapshot => ({ id, userId: 'alice', done, finishedAt: done ? new Date(T0).toISOString() : null }) as ScanSnapshot;

describe('FinalSnapshotCache', () => {
  it('keeps final snapshots only', () => {
    const cache = new FinalSnapshotCache(60_000);
    cache.offer(snapshot('running', false));
    cache.offer(snapshot('final', true));
    expect(cache.get('running', T0)).toBeUndefined();
    expect(cache.get('final', T0)?.id).toBe('final');
  });

  it('forgets a snapshot once the result TTL has passed since it became final', () => {
    const cache = new FinalSnapshotCache(1_000);
    cache.offer(snapshot('final', true));
    expect(cache.get('final', T0 + 999)).toBeDefined();
    expect(cache.get('final', T0 + 1_000)).toBeUndefined();
  });

  it('holds at most `max`, dropping the least recently read', () => {
    const cache = new FinalSnapshotCache(60_000, 2);
    cache.offer(snapshot('a', true));
    cache.offer(snapshot('b', true));
    cache.get('a', T0);
    cache.offer(snapshot('c', true));
    expect([cache.get('a', T0)?.id, cache.get('b', T0)?.id, cache.get('c', T0)?.id]).toEqual(['a', undefined, 'c']);
  });
});
