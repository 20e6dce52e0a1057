// Scan snapshots in Redis: the one truth for status in distributed mode. Every write is a script, so it is atomic:
// - `start` takes the user's "one running scan" lock and writes the `initiated` snapshot, or returns the running scan;
// - `write` stores a version only if it is newer than the stored one and the stored one is not final (a late write from
//   an instance presumed lost can never undo a final state), publishes it, and once final releases the user's lock and
//   takes the scan off the queued and running sets.
import type { Redis } from 'ioredis';
import type { ScanSummary } from '../core/scan-registry.js';
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import type { ClusterKeys } from './cluster-keys.js';

const START = `
local holder = redis.call('GET', KEYS[1])
local holderDone = nil
if holder then holderDone = redis.call('HGET', ARGV[7] .. holder, 'done') end
if holderDone == '0' and ARGV[6] ~= '1' then return {'reused', holder} end
local queued = redis.call('ZCARD', KEYS[4])
if queued >= tonumber(ARGV[9]) then return {'full', tostring(queued)} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
redis.call('HSET', KEYS[2], 'v', '1', 'done', '0', 'json', ARGV[2], 'user', ARGV[8], 'instance', '', 'cancel', '0')
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
if holderDone == '0' then return {'replaced', holder} end
return {'created', ''}
`;

const WRITE = `
local cur = redis.call('HMGET', KEYS[1], 'v', 'done')
if cur[2] == '1' then return 0 end
if cur[1] and tonumber(cur[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'done', ARGV[2], 'json', ARGV[3], 'instance', ARGV[6])
if not cur[1] then
  -- No record: Redis lost its data (restarted without persistence) and the owner writes the scan again after the outage.
  -- Restore what START wrote beside it, or the scan would be readable but neither in its user's list nor seen as theirs
  -- by the routes that check the owner field (trace, inspect).
  redis.call('HSET', KEYS[1], 'user', ARGV[9], 'cancel', '0')
  redis.call('ZADD', KEYS[5], ARGV[10], ARGV[5])
  -- A scan still running holds its user's "one running scan" lock again (unless another scan took it meanwhile).
  if ARGV[2] == '0' then redis.call('SET', KEYS[2], ARGV[5], 'NX', 'PX', ARGV[4]) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PUBLISH', ARGV[7], ARGV[3])
if ARGV[2] == '1' then
  if redis.call('GET', KEYS[2]) == ARGV[5] then redis.call('DEL', KEYS[2]) end
  redis.call('ZREM', KEYS[3], ARGV[5])
  redis.call('ZREM', KEYS[4], ARGV[5])
elseif ARGV[6] ~= '' then
  redis.call('ZREM', KEYS[4], ARGV[5])
  redis.call('ZADD', KEYS[3], ARGV[8], ARGV[5])
end
return 1
`;

type StartReply = [kind: 'created' | 'reused' | 'replaced' | 'full', scanIdOrCount: string];
type ScriptFn<R> = (...args: Array<string | number>) => Promise<R>;

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

export class ScanRecords {
  readonly #redis: Redis;
  readonly #keys: ClusterKeys;
  readonly #start: ScriptFn<StartReply>;
  readonly #write: ScriptFn<number>;

  constructor(redis: Redis, keys: ClusterKeys) {
    this.#redis = redis;
    this.#keys = keys;
    redis.defineCommand('scannerStart', { numberOfKeys: 4, lua: START });
    redis.defineCommand('scannerWrite', { numberOfKeys: 5, lua: WRITE });
    // defineCommand adds methods ioredis cannot type; these two are called only through the typed fields below.
    const commands = redis as unknown as Record<'scannerStart' | 'scannerWrite', ScriptFn<never>>;
    this.#start = commands.scannerStart.bind(redis) as ScriptFn<StartReply>;
    this.#write = commands.scannerWrite.bind(redis) as ScriptFn<number>;
  }

  /**
   * Registers a new scan's `initiated` snapshot under the user's lock (taken over when `force`), unless the user's running
   * scan is to be reused or the shared queue is full — one round trip, atomically.
   */
  async start(snapshot: ScanSnapshot, options: { force: boolean; lockTtlMs: number; ttlMs: number; maxQueued: number }): Promise<StartResult> {
    const k = this.#keys;
    const [kind, other = ''] = await this.#start(
      k.activeScan(snapshot.userId), k.scan(snapshot.id), k.userScans(snapshot.userId), k.queued,
      snapshot.id, JSON.stringify(snapshot), Math.ceil(options.lockTtlMs), Math.ceil(options.ttlMs), Date.parse(snapshot.createdAt),
      options.force ? '1' : '0', k.scanKeyPrefix, snapshot.userId, options.maxQueued,
    );
    if (kind === 'full') return { kind, queued: Number(other) };
    if (kind === 'reused') return { kind, scanId: other };
    if (kind === 'replaced') return { kind, previous: other };
    return { kind };
  }

  /** Stores a version if it is newer than the stored one and that one is not final. True when written. */
  async write(snapshot: ScanSnapshot, ttlMs: number): Promise<boolean> {
    const k = this.#keys;
    const written = await this.#write(
      k.scan(snapshot.id), k.activeScan(snapshot.userId), k.running, k.queued, k.userScans(snapshot.userId),
      snapshot.version, snapshot.done ? '1' : '0', JSON.stringify(snapshot), Math.ceil(ttlMs), snapshot.id, snapshot.instance ?? '',
      k.scanEvents(snapshot.id), Date.parse(snapshot.deadlineAt), snapshot.userId, Date.parse(snapshot.createdAt),
    );
    return written === 1;
  }

  async get(id: string): Promise<StoredScan | undefined> {
    const [version, done, json, instance, cancel] = await this.#redis.hmget(this.#keys.scan(id), 'v', 'done', 'json', 'instance', 'cancel');
    if (version == null || json == null) return undefined;
    return { snapshot: JSON.parse(json) as ScanSnapshot, version: Number(version), done: done === '1', instance: instance ?? '', cancelRequested: cancel === '1' };
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
    for (const id of ids) pipeline.hget(this.#keys.scan(id), 'json');
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
