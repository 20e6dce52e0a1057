// "Someone watches this scan", across instances, paid for by the watcher. A watcher (a long-poll or event stream about a
// scan run elsewhere, an /inspect follower) sets a key that expires and announces the scan on a channel, again every
// third of the key's life while it watches; every instance hears the channel on its one subscriber connection. The owner
// so learns at once, for free, and checks the key once per scan for watchers that came before it took the scan. Both
// name the watching instance: an owner ignores itself (a scan waited on while queued, then placed on the same instance,
// is served from its own memory from then on).
// Snapshot versions (src/cluster/snapshot-mirror.ts) and trace records (src/cluster/trace-mirror.ts) each have theirs.
import type { Redis } from 'ioredis';
import type { ChannelSubscriptions } from './channel-subscriptions.js';

/** A watch lasts this long unless refreshed: an owner writes at the watched pace at most this long after the last watcher left. */
export const WATCH_TTL_MS = 3_000;
/** How often a watcher refreshes its watch. */
const REFRESH_MS = WATCH_TTL_MS / 3;

export interface WatchKeys {
  /** This instance's id (SCANNER_INSTANCE_ID), or '' for watchers an owner heeds wherever they are. */
  readonly self: string;
  /** The key a watcher of `scanId` sets. */
  key(scanId: string): string;
  /** Where watchers announce themselves (message: the scan id). */
  readonly channel: string;
}

export class Watchers {
  readonly #redis: Redis;
  readonly #keys: WatchKeys;
  /** Owner side: scans heard of, until when (ms). */
  readonly #watched = new Map<string, number>();
  /** Watcher side: when each scan was last announced here (ms). */
  readonly #announced = new Map<string, number>();
  readonly #listeners = new Set<(scanId: string) => void>();

  constructor(redis: Redis, channels: ChannelSubscriptions, keys: WatchKeys) {
    this.#redis = redis;
    this.#keys = keys;
    this.#listen(channels);
  }

  #listen(channels: ChannelSubscriptions): void {
    channels.subscribe(this.#keys.channel, (message) => {
      const [scanId = '', instance] = message.split(' ');
      if (this.#keys.self === '' || instance !== this.#keys.self) this.#heard(scanId);
    }).catch(() => {
      // Redis away at start: try again (watchers announce themselves again, and owners check the key per scan).
      setTimeout(() => this.#listen(channels), 1_000).unref();
    });
  }

  #heard(scanId: string, now = Date.now()): void {
    const known = (this.#watched.get(scanId) ?? 0) > now;
    this.#watched.set(scanId, now + WATCH_TTL_MS);
    if (this.#watched.size > 10_000) for (const [id, until] of this.#watched) if (until <= now) this.#watched.delete(id);
    if (!known) for (const listener of this.#listeners) listener(scanId);
  }

  /** Owner side: `listener` hears each scan someone starts watching. */
  onWatched(listener: (scanId: string) => void): void {
    this.#listeners.add(listener);
  }

  /** Owner side: whether someone was heard watching the scan within a watch's life. */
  watched(scanId: string, now = Date.now()): boolean {
    return (this.#watched.get(scanId) ?? 0) > now;
  }

  /** Owner side, once per scan: asks Redis whether someone watched it before this instance heard (one command). */
  async check(scanId: string): Promise<boolean> {
    if (this.watched(scanId)) return true;
    const watcher = await this.#redis.get(this.#keys.key(scanId));
    if (watcher === null || (this.#keys.self !== '' && watcher === this.#keys.self)) return false;
    this.#heard(scanId);
    return true;
  }

  /** Watcher side: says this instance watches the scan, unless it said so within the last refresh period. */
  announce(scanId: string, now = Date.now()): void {
    if ((this.#announced.get(scanId) ?? -Infinity) > now - REFRESH_MS) return;
    this.#announced.set(scanId, now);
    if (this.#announced.size > 10_000) for (const [id, at] of this.#announced) if (at <= now - REFRESH_MS) this.#announced.delete(id);
    const { self } = this.#keys;
    void this.#redis.pipeline().set(this.#keys.key(scanId), self, 'PX', WATCH_TTL_MS).publish(this.#keys.channel, `${scanId} ${self}`).exec().catch(() => undefined);
  }

  /** Watcher side: announces the scan now and every refresh period until the returned function is called. */
  hold(scanId: string): () => void {
    this.#announced.delete(scanId);
    this.announce(scanId);
    const timer = setInterval(() => this.announce(scanId), REFRESH_MS);
    timer.unref();
    return () => clearInterval(timer);
  }
}
