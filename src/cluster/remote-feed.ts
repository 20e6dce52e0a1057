// Snapshot versions published by whichever instance runs a scan (src/cluster/scan-records.ts publishes each write), for
// the long-polls and event streams this instance serves about scans it does not run. One Redis subscription per scan,
// shared by every local listener, dropped with the last one.
import type { Redis } from 'ioredis';
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import type { ClusterKeys } from './cluster-keys.js';

type Listener = (snapshot: ScanSnapshot) => void;

export class RemoteFeeds {
  readonly #subscriber: Redis;
  readonly #keys: ClusterKeys;
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #byChannel = new Map<string, string>();

  constructor(subscriber: Redis, keys: ClusterKeys) {
    this.#subscriber = subscriber;
    this.#keys = keys;
    subscriber.on('message', (channel: string, message: string) => {
      const id = this.#byChannel.get(channel);
      const listeners = id === undefined ? undefined : this.#listeners.get(id);
      if (!listeners || listeners.size === 0) return;
      const snapshot = JSON.parse(message) as ScanSnapshot;
      for (const listener of [...listeners]) listener(snapshot);
    });
  }

  /** Resolves once subscribed, so a read made after it cannot miss a version published in between. */
  async subscribe(id: string, listener: Listener): Promise<() => void> {
    let listeners = this.#listeners.get(id);
    const channel = this.#keys.scanEvents(id);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(id, listeners);
      this.#byChannel.set(channel, id);
      listeners.add(listener);
      await this.#subscriber.subscribe(channel);
    } else listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size > 0 || this.#listeners.get(id) !== listeners) return;
      this.#listeners.delete(id);
      this.#byChannel.delete(channel);
      void this.#subscriber.unsubscribe(channel).catch(() => undefined);
    };
  }
}
