// Scan snapshots in Redis: the one truth for status in distributed mode. Every write is a script (src/cluster/scripts/),
// so it is atomic:
// - `start` takes the user's "one running scan" lock and writes the `initiated` snapshot, or returns the running scan;
// - `write` stores a version only if it is newer than the stored one and the stored one is not final (a late write from
//   an instance presumed lost can never undo a final state), publishes its number, and once final releases the user's
//   lock and takes the scan off the queued and running sets. A version may carry only what changed since the stored
//   one (src/cluster/scan-record-fields.ts).
import type { Redis } from 'ioredis';
import type { ScanSummary } from '../core/scan-registry.js';
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import type { ClusterKeys } from './cluster-keys.js';
import { changedFields, HEAD, recordParts, snapshotFromFields, type RecordParts } from './scan-record-fields.js';
import { defineScript, type ScriptCall } from './scripts/scan-scripts.js';

type StartReply = [kind: 'created' | 'reused' | 'replaced' | 'full', scanIdOrCount: string];

/** The write script's answers (src/cluster/scripts/write-version.lua). */
const WRITTEN = 1;
const BASE_MISSING = -1;
const STORED_FINAL = -2;

export type StartResult =
  | { kind: 'created' }
  | { kind: 'reused'; scanId: string }
  | { kind: 'replaced'; previous: string }
  /** The shared queue holds `maxQueued` scans already: nothing was written. */
  | { kind: 'full'; queued: number };

/** A stored snapshot with the fields the scripts keep beside it. */
export interface StoredScan {
  snapshot: ScanSnapshot;
  version: number;
  done: boolean;
  /** The instance running it; '' while queued. */
  instance: string;
  /** A cancel was asked for while it had no owner yet (or its owner had not heard yet). */
  cancelRequested: boolean;
}

export interface WriteOptions {
  /** Announce the version on the scan's channel (default). A final version is always announced. */
  publish?: boolean;
}

export interface WriteResult {
  written: boolean;
  /** Refused because the stored version is final (finalised elsewhere): nothing this writer sends will be stored. */
  storedFinal: boolean;
  /** What the store holds of this version once written: the base of the next `writeSince`. */
  parts: RecordParts;
}

export class ScanRecords {
  readonly #redis: Redis;
  readonly #keys: ClusterKeys;
  readonly #start: ScriptCall<StartReply>;
  readonly #write: ScriptCall<number>;

  constructor(redis: Redis, keys: ClusterKeys) {
    this.#redis = redis;
    this.#keys = keys;
    this.#start = defineScript(redis, 'startScan');
    this.#write = defineScript(redis, 'writeVersion');
  }

  /**
   * Registers a new scan's `initiated` snapshot under the user's lock (taken over when `force`), unless the user's running
   * scan is to be reused or the shared queue is full — one round trip, atomically.
   */
  async start(snapshot: ScanSnapshot, options: { force: boolean; lockTtlMs: number; ttlMs: number; maxQueued: number }): Promise<StartResult> {
    const k = this.#keys;
    const [kind, other = ''] = await this.#start(
      k.activeScan(snapshot.userId), k.scan(snapshot.id), k.userScans(snapshot.userId), k.queued,
      snapshot.id, Math.ceil(options.lockTtlMs), Math.ceil(options.ttlMs), Date.parse(snapshot.createdAt),
      options.force ? '1' : '0', k.scanKeyPrefix, snapshot.userId, options.maxQueued,
      ...changedFields(snapshot, recordParts(snapshot)),
    );
    if (kind === 'full') return { kind, queued: Number(other) };
    if (kind === 'reused') return { kind, scanId: other };
    if (kind === 'replaced') return { kind, previous: other };
    return { kind };
  }

  /** Stores a version, whole, if it is newer than the stored one and that one is not final. True when written. */
  async write(snapshot: ScanSnapshot, ttlMs: number): Promise<boolean> {
    return (await this.writeSince(snapshot, ttlMs)).written;
  }

  /**
   * Stores a version if it is newer than the stored one and that one is not final, sending only what changed since
   * `base` (the parts of the version this writer last stored) — or whole, without a base or when the store does not
   * hold that base (a write lost while Redis was away, or Redis restarted empty).
   */
  async writeSince(snapshot: ScanSnapshot, ttlMs: number, base?: RecordParts, parts = recordParts(snapshot), options: WriteOptions = {}): Promise<WriteResult> {
    const publish = options.publish ?? true;
    let reply = await this.#writeFields(snapshot, ttlMs, base, publish, changedFields(snapshot, parts, base));
    if (reply === BASE_MISSING) reply = await this.#writeFields(snapshot, ttlMs, undefined, publish, changedFields(snapshot, parts));
    return { written: reply === WRITTEN, storedFinal: reply === STORED_FINAL, parts };
  }

  #writeFields(snapshot: ScanSnapshot, ttlMs: number, base: RecordParts | undefined, publish: boolean, fields: string[]): Promise<number> {
    const k = this.#keys;
    return this.#write(
      k.scan(snapshot.id), k.activeScan(snapshot.userId), k.running, k.queued, k.userScans(snapshot.userId),
      snapshot.version, base ? base.version : '', snapshot.done ? '1' : '0', Math.ceil(ttlMs), snapshot.id, snapshot.instance ?? '',
      k.scanEvents(snapshot.id), Date.parse(snapshot.deadlineAt), snapshot.userId, Date.parse(snapshot.createdAt), publish ? '1' : '0',
      ...fields,
    );
  }

  async get(id: string): Promise<StoredScan | undefined> {
    const hash = await this.#redis.hgetall(this.#keys.scan(id));
    const snapshot = snapshotFromFields(hash);
    if (hash.v === undefined || !snapshot) return undefined;
    return { snapshot, version: Number(hash.v), done: hash.done === '1', instance: hash.instance ?? '', cancelRequested: hash.cancel === '1' };
  }

  async ownerOf(id: string): Promise<string | undefined> {
    return (await this.#redis.hget(this.#keys.scan(id), 'user')) ?? undefined;
  }

  /** Marks a cancel as asked for: an owner that places the scan later, or has not heard yet, cancels it. */
  async requestCancel(id: string): Promise<void> {
    await this.#redis.hset(this.#keys.scan(id), 'cancel', '1');
  }

  /** The user's scans, newest first; ids whose records have expired are forgotten on the way. */
  async list(userId: string, limit: number): Promise<ScanSummary[]> {
    const key = this.#keys.userScans(userId);
    const ids = await this.#redis.zrevrange(key, 0, limit - 1);
    if (ids.length === 0) return [];
    const pipeline = this.#redis.pipeline();
    for (const id of ids) pipeline.hget(this.#keys.scan(id), HEAD);
    const replies = (await pipeline.exec()) ?? [];
    const gone: string[] = [];
    const summaries: ScanSummary[] = [];
    replies.forEach(([err, json], i) => {
      if (err || typeof json !== 'string') return void gone.push(ids[i] as string);
      const s = JSON.parse(json) as ScanSnapshot;
      summaries.push({ id: s.id, state: s.state, createdAt: s.createdAt, finishedAt: s.finishedAt, progress: s.progress });
    });
    if (gone.length > 0) await this.#redis.zrem(key, ...gone);
    return summaries;
  }

  /** Ids of scans an instance runs (not final), with their deadlines. */
  async runningScans(): Promise<Array<{ id: string; deadlineAt: number }>> {
    return pairs(await this.#redis.zrange(this.#keys.running, '0', '-1', 'WITHSCORES'));
  }

  /** Ids of scans still waiting for an instance. */
  async queuedScans(): Promise<string[]> {
    return this.#redis.zrange(this.#keys.queued, '0', '-1');
  }

  /** When the scan waiting longest was created (ms), or null when none waits. */
  async oldestQueuedAt(): Promise<number | null> {
    const [, score] = await this.#redis.zrange(this.#keys.queued, '0', '0', 'WITHSCORES');
    return score === undefined ? null : Number(score);
  }

  /** Forgets a queued id whose record has expired. */
  async forgetQueued(id: string): Promise<void> {
    await this.#redis.zrem(this.#keys.queued, id);
  }

}

function pairs(flat: string[]): Array<{ id: string; deadlineAt: number }> {
  const out: Array<{ id: string; deadlineAt: number }> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ id: flat[i] as string, deadlineAt: Number(flat[i + 1]) });
  return out;
}
