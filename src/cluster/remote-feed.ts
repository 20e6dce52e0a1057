// Snapshot versions published by whichever instance runs a scan (src/cluster/scan-records.ts publishes each write), for
// the long-polls and event streams this instance serves about scans it does not run.
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import type { ChannelSubscriptions } from './channel-subscriptions.js';
import type { ClusterKeys } from './cluster-keys.js';

export class RemoteFeeds {
  readonly #channels: ChannelSubscriptions;
  readonly #keys: ClusterKeys;

  constructor(channels: ChannelSubscriptions, keys: ClusterKeys) {
    this.#channels = channels;
    this.#keys = keys;
  }

  /** Resolves once subscribed, so a read made after it cannot miss a version published in between. */
  subscribe(id: string, listener: (snapshot: ScanSnapshot) => void): Promise<() => void> {
    return this.#channels.subscribe(this.#keys.scanEvents(id), (message) => listener(JSON.parse(message) as ScanSnapshot));
  }
}
