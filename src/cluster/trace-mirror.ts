// The visualizer's traces across instances, paid for only when watched. The owner keeps the trace records of the scans
// it runs (the newest `cap`) and:
// - while nobody follows a scan, sends nothing; when the scan ends, writes its whole trace once, deflated, under one key;
// - once someone follows the scan's /inspect on any instance (`follow` sets a watch key and announces it on a channel),
//   pushes what it has to a Redis list and publishes it, then every later record as it is taken, until the scan ends.
// Any instance reads a trace (GET /trace) from the final key, or from the live list while the scan runs, so it reads the
// same wherever it is asked for, running or final, and after restarts. Records taken in one turn of the event loop (an
// XState step yields several) go out together. A trace whose records could not all be written (Redis away) is written
// again from the local store once Redis is back (`rewrite`).
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import type { Redis } from 'ioredis';
import type { RemoteTraceFollower, RemoteTraceReader } from '../engine/engine.js';
import type { ChannelSubscriptions } from './channel-subscriptions.js';
import type { ClusterKeys } from './cluster-keys.js';
import { Watchers } from './watchers.js';

/** The published message that ends a trace (other messages are JSON arrays of records). */
const END = 'end';
/** How long a read of a running scan's trace waits for its owner to send what it has. */
const LIVE_WAIT_MS = 1_000;
const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

export interface TraceMirrorOptions {
  /** Records kept per scan (SCANNER_TRACE_CAP): the newest ones. */
  cap: number;
  /** How long a finished trace stays (the result TTL). */
  resultTtlMs: number;
  /** How long a running scan's trace stays at least: longer than any scan runs. */
  runningTtlMs: number;
}

/** A scan whose records this instance takes, until its last one is written. */
interface Traced {
  records: unknown[];
  /** Someone follows it: records go out as they are taken. */
  live: boolean;
  /** Records taken this turn and not sent yet (live only), and whether the list is to be written again from `records`. */
  batch: string[];
  resend: boolean;
  last: boolean;
}

/** What this file reads of a trace record (src/debug/trace-record.ts): its sequence number. */
type SeqRecord = { seq: number };

export class TraceMirror implements RemoteTraceReader {
  readonly #redis: Redis;
  readonly #channels: ChannelSubscriptions;
  readonly #keys: ClusterKeys;
  readonly #options: TraceMirrorOptions;
  readonly #watchers: Watchers;
  readonly #scans = new Map<string, Traced>();
  /** Scans whose trace misses records (a write failed); with whether their last record was taken. */
  readonly #incomplete = new Map<string, boolean>();
  readonly #due = new Set<string>();
  #flushQueued = false;

  constructor(redis: Redis, channels: ChannelSubscriptions, keys: ClusterKeys, options: TraceMirrorOptions) {
    this.#redis = redis;
    this.#channels = channels;
    this.#keys = keys;
    this.#options = options;
    // No instance ignores its own followers here: one that follows a scan while it is queued follows it through Redis
    // even if this instance then runs it.
    this.#watchers = new Watchers(redis, channels, { self: '', key: keys.traceWatch, channel: keys.traceWatchers });
    this.#watchers.onWatched((scanId) => this.#goLive(scanId));
  }

  push(scanId: string, record: unknown, last: boolean): void {
    if (this.#options.cap === 0) return;
    let scan = this.#scans.get(scanId);
    if (!scan) {
      scan = { records: [], live: false, batch: [], resend: false, last: false };
      this.#scans.set(scanId, scan);
      // Someone may follow it already (it waited in the queue meanwhile): one cheap check, at its first record.
      void this.#watchers.check(scanId).then((watched) => (watched ? this.#goLive(scanId) : undefined), () => undefined);
    }
    scan.records.push(record);
    if (scan.records.length > this.#options.cap * 2) scan.records.splice(0, scan.records.length - this.#options.cap);
    scan.last ||= last;
    if (scan.live) scan.batch.push(JSON.stringify(record));
    if (scan.live || last) this.#schedule(scanId);
  }

  #goLive(scanId: string): void {
    const scan = this.#scans.get(scanId);
    if (!scan || scan.live) return;
    scan.live = true;
    scan.resend = true;
    scan.batch = [];
    this.#schedule(scanId);
  }

  #schedule(scanId: string): void {
    this.#due.add(scanId);
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#flushQueued = false;
    const due = [...this.#due];
    this.#due.clear();
    const pipeline = this.#redis.pipeline();
    const finals: Array<[string, Traced]> = [];
    for (const scanId of due) {
      const scan = this.#scans.get(scanId);
      if (!scan) continue;
      if (this.#incomplete.has(scanId) || this.#redis.status !== 'ready') {
        this.#incomplete.set(scanId, scan.last);
        if (scan.last) this.#scans.delete(scanId);
        continue;
      }
      if (scan.live) this.#sendLive(pipeline, scanId, scan);
      if (scan.last) {
        this.#scans.delete(scanId);
        finals.push([scanId, scan]);
      }
    }
    if (pipeline.length > 0) void pipeline.exec().catch(() => due.forEach((scanId) => this.#incomplete.set(scanId, this.#scans.get(scanId)?.last ?? true)));
    for (const [scanId, scan] of finals) void this.#writeFinal(scanId, scan.records, scan.live).catch(() => this.#incomplete.set(scanId, true));
  }

  #sendLive(pipeline: ReturnType<Redis['pipeline']>, scanId: string, scan: Traced): void {
    const list = this.#keys.trace(scanId);
    const records = scan.resend ? this.#tail(scan.records).map((r) => JSON.stringify(r)) : scan.batch;
    if (scan.resend) pipeline.del(list);
    scan.resend = false;
    scan.batch = [];
    if (records.length === 0) return;
    pipeline.rpush(list, ...records).ltrim(list, -this.#options.cap, -1).pexpire(list, this.#options.runningTtlMs);
    pipeline.publish(this.#keys.traceEvents(scanId), `[${records.join(',')}]`);
  }

  #tail(records: readonly unknown[]): readonly unknown[] {
    return records.length > this.#options.cap ? records.slice(-this.#options.cap) : records;
  }

  /** The whole trace, once, deflated (off the main thread); followers, if any, are told it ended. */
  async #writeFinal(scanId: string, records: readonly unknown[], live: boolean): Promise<void> {
    const packed = await deflate(JSON.stringify(this.#tail(records)));
    const pipeline = this.#redis.pipeline().set(this.#keys.traceFinal(scanId), packed, 'PX', this.#options.resultTtlMs);
    if (live) pipeline.del(this.#keys.trace(scanId)).publish(this.#keys.traceEvents(scanId), END);
    const replies = (await pipeline.exec()) ?? [];
    const failed = replies.find(([err]) => err);
    if (failed) throw failed[0];
  }

  /** Writes again every trace that misses records: `recordsOf` gives the local store's records of a scan. */
  async rewrite(recordsOf: (scanId: string) => readonly unknown[] | undefined): Promise<void> {
    for (const [scanId, last] of [...this.#incomplete]) {
      this.#incomplete.delete(scanId);
      const records = recordsOf(scanId) ?? this.#scans.get(scanId)?.records;
      if (!records || records.length === 0) continue;
      const scan = this.#scans.get(scanId);
      try {
        if (last) await this.#writeFinal(scanId, records, true);
        else if (scan?.live) {
          scan.resend = true;
          this.#schedule(scanId);
        }
      } catch {
        this.#incomplete.set(scanId, last);
      }
    }
  }

  async records(scanId: string): Promise<unknown[] | undefined> {
    const final = await this.#final(scanId);
    if (final) return final;
    const list = await this.#redis.lrange(this.#keys.trace(scanId), 0, -1);
    if (list.length > 0) return list.map((json) => JSON.parse(json) as unknown);
    return this.#askOwner(scanId);
  }

  /**
   * A running scan nobody follows has its trace on its owner only: say it is watched, and take what the owner then
   * sends first (every record it has), or the final trace if it ends meanwhile. Undefined for a scan not running (final
   * without a trace, queued, unknown) or an owner that does not answer within LIVE_WAIT_MS.
   */
  async #askOwner(scanId: string): Promise<SeqRecord[] | undefined> {
    if ((await this.#redis.hget(this.#keys.scan(scanId), 'done')) !== '0') return undefined;
    let answer: (records: SeqRecord[] | undefined) => void = () => undefined;
    const answered = new Promise<SeqRecord[] | undefined>((resolve) => (answer = resolve));
    const unsubscribe = await this.#channels.subscribe(this.#keys.traceEvents(scanId), (message) => {
      if (message === END) void this.#final(scanId).then(answer, () => answer(undefined));
      else answer(JSON.parse(message) as SeqRecord[]);
    });
    const unwatch = this.#watchers.hold(scanId);
    const timer = setTimeout(() => answer(undefined), LIVE_WAIT_MS);
    try {
      const first = await answered;
      // The owner may have gone live for another follower already: the list then holds more than its next message.
      const list = await this.#redis.lrange(this.#keys.trace(scanId), 0, -1);
      if (list.length > (first?.length ?? 0)) return list.map((json) => JSON.parse(json) as SeqRecord);
      return first ?? (await this.#final(scanId)); // it may have ended before this instance listened
    } finally {
      clearTimeout(timer);
      unwatch();
      unsubscribe();
    }
  }

  async #final(scanId: string): Promise<SeqRecord[] | undefined> {
    const packed = await this.#redis.getBuffer(this.#keys.traceFinal(scanId));
    return packed ? (JSON.parse((await inflate(packed)).toString('utf8')) as SeqRecord[]) : undefined;
  }

  async follow(scanId: string, listener: RemoteTraceFollower): Promise<{ backlog: unknown[]; done: boolean; unsubscribe: () => void } | undefined> {
    let lastSeq = 0;
    let ended = false;
    let buffered: string[] | undefined = [];
    const deliverAll = (records: readonly SeqRecord[]): void => {
      // A record may come twice (the backlog, the owner's first live message, the final trace): delivered once, in order.
      for (const record of records) {
        if (record.seq > lastSeq) {
          lastSeq = record.seq;
          listener.record(record);
        }
      }
    };
    const end = async (): Promise<void> => {
      if (ended) return;
      ended = true;
      // Records taken while nobody had told the owner yet are only in the final trace.
      deliverAll((await this.#final(scanId).catch(() => undefined)) ?? []);
      listener.end();
    };
    const deliver = (message: string): void => {
      if (ended) return;
      if (message === END) return void end();
      deliverAll(JSON.parse(message) as SeqRecord[]);
    };
    // Subscribe first, then read: a record published in between is then in one or the other, or both.
    const unsubscribeChannel = await this.#channels.subscribe(this.#keys.traceEvents(scanId), (message) => (buffered ? buffered.push(message) : deliver(message)));
    const unwatch = this.#watchers.hold(scanId);
    const unsubscribe = (): void => {
      unwatch();
      unsubscribeChannel();
    };
    try {
      const final = await this.#final(scanId);
      const [list, done] = final ? [[], '1'] : await Promise.all([this.#redis.lrange(this.#keys.trace(scanId), 0, -1), this.#redis.hget(this.#keys.scan(scanId), 'done')]);
      const backlog = final ?? list.map((json) => JSON.parse(json) as SeqRecord);
      // A final scan without a trace kept none (tracing off, or it expired): there is nothing to follow.
      if (backlog.length === 0 && done !== '0') {
        unsubscribe();
        return undefined;
      }
      lastSeq = backlog.at(-1)?.seq ?? 0;
      ended = final !== undefined;
      const early = buffered;
      buffered = undefined;
      queueMicrotask(() => early.forEach(deliver)); // after the caller has taken the backlog
      return { backlog, done: ended, unsubscribe };
    } catch (err) {
      unsubscribe();
      throw err;
    }
  }
}
