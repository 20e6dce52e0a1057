// The visualizer's traces across instances. The owner pushes every trace record of the scans it runs to a Redis list
// (the newest `cap` kept) and publishes it; any instance reads the list (GET /trace) or the list and then the channel
// (GET /inspect), so a scan's trace reads the same wherever it is asked for, running or final, and after restarts.
// A scan's records taken in one turn of the event loop (an XState step yields several) go out together: one list push
// and one published array, not four commands per record.
// A trace whose records could not all be written (Redis away) is written again whole from the local store once Redis is
// back (`rewrite`).
import type { Redis } from 'ioredis';
import type { RemoteTraceFollower, RemoteTraceReader } from '../engine/engine.js';
import type { ChannelSubscriptions } from './channel-subscriptions.js';
import type { ClusterKeys } from './cluster-keys.js';

/** The published message that ends a trace (other messages are JSON arrays of records). */
const END = 'end';

export interface TraceMirrorOptions {
  /** Records kept per scan (SCANNER_TRACE_CAP): the newest ones. */
  cap: number;
  /** How long a finished trace stays (the result TTL). */
  resultTtlMs: number;
  /** How long a running scan's trace stays at least: longer than any scan runs. */
  runningTtlMs: number;
}

export class TraceMirror implements RemoteTraceReader {
  readonly #redis: Redis;
  readonly #channels: ChannelSubscriptions;
  readonly #keys: ClusterKeys;
  readonly #options: TraceMirrorOptions;
  /** Scans whose trace misses records (a write failed); with whether their last record was taken. */
  readonly #incomplete = new Map<string, boolean>();
  /** Records taken this turn, per scan, not yet sent; and whether the last one ends the trace. */
  readonly #batches = new Map<string, { records: string[]; last: boolean }>();
  #flushQueued = false;

  constructor(redis: Redis, channels: ChannelSubscriptions, keys: ClusterKeys, options: TraceMirrorOptions) {
    this.#redis = redis;
    this.#channels = channels;
    this.#keys = keys;
    this.#options = options;
  }

  push(scanId: string, record: unknown, last: boolean): void {
    if (this.#options.cap === 0) return;
    if (this.#incomplete.has(scanId) || this.#redis.status !== 'ready') {
      this.#incomplete.set(scanId, last);
      return;
    }
    const batch = this.#batches.get(scanId);
    if (batch) {
      batch.records.push(JSON.stringify(record));
      batch.last ||= last;
    } else this.#batches.set(scanId, { records: [JSON.stringify(record)], last });
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#flushQueued = false;
    const batches = [...this.#batches];
    this.#batches.clear();
    const pipeline = this.#redis.pipeline();
    for (const [scanId, { records, last }] of batches) {
      const list = this.#keys.trace(scanId);
      const channel = this.#keys.traceEvents(scanId);
      pipeline.rpush(list, ...records).ltrim(list, -this.#options.cap, -1);
      pipeline.pexpire(list, last ? this.#options.resultTtlMs : this.#options.runningTtlMs).publish(channel, `[${records.join(',')}]`);
      if (last) pipeline.set(this.#keys.traceDone(scanId), '1', 'PX', this.#options.resultTtlMs).publish(channel, END);
    }
    void pipeline.exec().catch(() => {
      for (const [scanId, { last }] of batches) this.#incomplete.set(scanId, last);
    });
  }

  /** Writes again, whole, every trace that misses records: `recordsOf` gives the local store's records of a scan. */
  async rewrite(recordsOf: (scanId: string) => readonly unknown[] | undefined): Promise<void> {
    for (const [scanId, last] of [...this.#incomplete]) {
      this.#incomplete.delete(scanId);
      const records = recordsOf(scanId);
      if (!records || records.length === 0) continue;
      const list = this.#keys.trace(scanId);
      const pipeline = this.#redis.multi().del(list).rpush(list, ...records.slice(-this.#options.cap).map((r) => JSON.stringify(r)));
      pipeline.pexpire(list, last ? this.#options.resultTtlMs : this.#options.runningTtlMs);
      if (last) pipeline.set(this.#keys.traceDone(scanId), '1', 'PX', this.#options.resultTtlMs).publish(this.#keys.traceEvents(scanId), END);
      await pipeline.exec().catch(() => this.#incomplete.set(scanId, last));
    }
  }

  async records(scanId: string): Promise<unknown[] | undefined> {
    const list = await this.#redis.lrange(this.#keys.trace(scanId), 0, -1);
    return list.length === 0 ? undefined : list.map((json) => JSON.parse(json) as unknown);
  }

  async follow(scanId: string, listener: RemoteTraceFollower): Promise<{ backlog: unknown[]; done: boolean; unsubscribe: () => void } | undefined> {
    let lastSeq = 0;
    let buffered: string[] | undefined = [];
    const deliver = (message: string): void => {
      if (message === END) return listener.end();
      for (const record of JSON.parse(message) as Array<{ seq: number }>) {
        // The backlog read below may already hold it: every record is delivered once, in seq order.
        if (record.seq > lastSeq) {
          lastSeq = record.seq;
          listener.record(record);
        }
      }
    };
    // Subscribe first, then read the list: a record published in between is then in one or the other, or both.
    const unsubscribe = await this.#channels.subscribe(this.#keys.traceEvents(scanId), (message) => (buffered ? buffered.push(message) : deliver(message)));
    try {
      const [list, done] = await Promise.all([this.#redis.lrange(this.#keys.trace(scanId), 0, -1), this.#redis.exists(this.#keys.traceDone(scanId))]);
      if (list.length === 0) {
        unsubscribe();
        return undefined;
      }
      const backlog = list.map((json) => JSON.parse(json) as { seq: number });
      lastSeq = backlog.at(-1)?.seq ?? 0;
      const early = buffered;
      buffered = undefined;
      queueMicrotask(() => early.forEach(deliver)); // after the caller has taken the backlog
      return { backlog, done: done === 1, unsubscribe };
    } catch (err) {
      unsubscribe();
      throw err;
    }
  }
}
