// Versions of a scan run elsewhere (src/cluster/remote-feed.ts): the owner announces only a version number; this
// instance reads the snapshot once per announcement however many listeners it has, delivers versions in increasing
// order only, and tells owners the scan is watched while anyone listens.
import { describe, expect, it } from 'vitest';
import type { ChannelSubscriptions } from '../../src/cluster/channel-subscriptions.js';
import { clusterKeys } from '../../src/cluster/cluster-keys.js';
import { RemoteFeeds } from '../../src/cluster/remote-feed.js';
import type { ScanRecords, StoredScan } from '../../src/cluster/scan-records.js';
import type { Watchers } from '../../src/cluster/watchers.js';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';

const keys = clusterKeys('feed-test');

function fakes() {
  const handlers = new Map<string, (message: string) => void>();
  const channels = {
    async subscribe(channel: string, handler: (message: string) => void) {
      handlers.set(channel, handler);
      return () => void handlers.delete(channel);
    },
  } as unknown as ChannelSubscriptions;
  let stored = 0;
  let reads = 0;
  const records = {
    async get(id: string): Promise<StoredScan> {
      reads++;
      const version = stored;
      return { snapshot: { id, version } as ScanSnapshot, version, done: false, instance: 'owner', cancelRequested: false };
    },
  } as unknown as ScanRecords;
  const held: string[] = [];
  const watchers = { hold: (id: string) => (held.push(id), () => void held.splice(held.indexOf(id), 1)), announce: () => undefined } as unknown as Watchers;
  const publish = (version: number): void => {
    stored = version;
    handlers.get(keys.scanEvents('s'))?.(String(version));
  };
  return { feeds: new RemoteFeeds(channels, keys, records, { watchers }), publish, reads: () => reads, held, handlers };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('remote feeds', () => {
  it('reads each announced version once for every listener, in increasing order', async () => {
    const { feeds, publish, reads } = fakes();
    const seen: number[][] = [[], []];
    const stops = await Promise.all(seen.map((into) => feeds.subscribe('s', (s) => into.push(s.version))));
    publish(3);
    await tick();
    publish(5);
    await tick();
    expect(seen).toEqual([[3, 5], [3, 5]]);
    expect(reads()).toBe(2);
    publish(4); // an older announcement after a newer one is never delivered
    await tick();
    expect(seen[0]).toEqual([3, 5]);
    stops.forEach((stop) => stop());
  });

  it('tells owners the scan is watched while anyone listens here, and stops with the last listener', async () => {
    const { feeds, held, handlers } = fakes();
    const first = await feeds.subscribe('s', () => undefined);
    const second = await feeds.subscribe('s', () => undefined);
    expect(held).toEqual(['s']);
    first();
    expect(held).toEqual(['s']);
    second();
    expect(held).toEqual([]);
    expect(handlers.size).toBe(0);
  });
});
