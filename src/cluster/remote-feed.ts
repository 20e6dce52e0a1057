// Snapshot versions of scans run elsewhere, for the long-polls and event streams this instance serves about them. The
// owner's write script (src/cluster/scripts/write-version.lua) publishes only the new version's number: the store holds
// the snapshot in parts (src/cluster/scan-record-fields.ts), and only an instance with someone waiting reads it, once
// per version however many wait here. Every listener gets versions in increasing order; it may miss some in between
// (versions are coalesced by their owner anyway), never the newest. While a feed has listeners it tells the owner the
// scan is watched (src/cluster/watchers.ts), so that the owner writes its versions without holding them back.
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import type { ChannelSubscriptions } from './channel-subscriptions.js';
import type { ClusterKeys } from './cluster-keys.js';
import type { ScanRecords } from './scan-records.js';
import type { Watchers } from './watchers.js';

type Listener = (snapshot: ScanSnapshot) => void;

/** One scan's feed on this instance, shared by its listeners. */
interface Feed {
  readonly listeners: Set<Listener>;
  /** The newest version delivered: an older read is never delivered after it. */
  delivered: number;
  /** The newest version announced; a read in flight is followed by another while it is newer than what was read. */
  announced: number;
  reading: boolean;
  unsubscribe: (() => void) | undefined;
  unwatch: (() => void) | undefined;
  /** Settles once the channel is subscribed (or could not be). */
  ready: Promise<void> | undefined;
}

export interface RemoteFeedOptions {
  /** Tells owners which scans are watched; without it, owners are not told (they write at their quiet pace). */
  watchers?: Watchers;
  onError?: (err: unknown, scanId: string) => void;
}

export class RemoteFeeds {
  readonly #channels: ChannelSubscriptions;
  readonly #keys: ClusterKeys;
  readonly #records: ScanRecords;
  readonly #feeds = new Map<string, Feed>();
  readonly #options: RemoteFeedOptions;

  constructor(channels: ChannelSubscriptions, keys: ClusterKeys, records: ScanRecords, options: RemoteFeedOptions = {}) {
    this.#channels = channels;
    this.#keys = keys;
    this.#records = records;
    this.#options = options;
  }

  /** A read of a scan run elsewhere, not followed (a plain GET): its owner is told someone looks, for a while. */
  watch(id: string): void {
    this.#options.watchers?.announce(id);
  }

  /** Resolves once subscribed, so a read made after it cannot miss a version published in between. */
  async subscribe(id: string, listener: Listener): Promise<() => void> {
    let feed = this.#feeds.get(id);
    if (!feed) {
      const created: Feed = { listeners: new Set(), delivered: 0, announced: 0, reading: false, unsubscribe: undefined, unwatch: undefined, ready: undefined };
      created.ready = this.#channels.subscribe(this.#keys.scanEvents(id), (message) => this.#announce(id, created, Number(message))).then((unsubscribe) => {
        // Every listener may have left while it subscribed.
        if (this.#feeds.get(id) !== created) return unsubscribe();
        created.unsubscribe = unsubscribe;
        created.unwatch = this.#options.watchers?.hold(id);
      });
      feed = created;
      this.#feeds.set(id, created);
    }
    const joined = feed;
    joined.listeners.add(listener);
    const leave = (): void => {
      joined.listeners.delete(listener);
      if (joined.listeners.size > 0 || this.#feeds.get(id) !== joined) return;
      this.#feeds.delete(id);
      joined.unsubscribe?.();
      joined.unwatch?.();
    };
    try {
      // A listener joining a feed still subscribing waits for it too.
      await joined.ready;
    } catch (err) {
      leave();
      throw err;
    }
    return leave;
  }

  #announce(id: string, feed: Feed, version: number): void {
    if (!(version > feed.announced)) return;
    feed.announced = version;
    if (!feed.reading) void this.#read(id, feed);
  }

  async #read(id: string, feed: Feed): Promise<void> {
    feed.reading = true;
    try {
      while (feed.announced > feed.delivered && feed.listeners.size > 0) {
        const stored = await this.#records.get(id);
        if (!stored || stored.version <= feed.delivered) break;
        feed.delivered = stored.version;
        for (const listener of [...feed.listeners]) listener(stored.snapshot);
      }
    } catch (err) {
      this.#options.onError?.(err, id);
    } finally {
      feed.reading = false;
    }
  }
}
