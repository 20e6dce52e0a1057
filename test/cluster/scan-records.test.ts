// Scan records in Redis (src/cluster/scan-records.ts), the scripts on their own (src/cluster/scripts/*.lua): START
// registers a scan under its user's "one running scan" lock (or answers with the running one, or refuses when the shared
// queue is full); WRITE stores and publishes only newer versions, never undoes a final one, and a final one releases the
// lock. A version may carry only what changed since the one stored; read back, it is the snapshot the owner had.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Opportunity } from '../../machines/opportunity.js';
import { initialContext } from '../../machines/scan-machine.js';
import type { ScanState } from '../../machines/scan-types.js';
import { deletePrefix, uniquePrefix } from '../../bench/suites/cluster/redis.js';
import { clusterKeys, type ClusterKeys } from '../../src/cluster/cluster-keys.js';
import { recordParts } from '../../src/cluster/scan-record-fields.js';
import { ScanRecords } from '../../src/cluster/scan-records.js';
import { SCAN_SCRIPTS, scriptPath, type ScriptName } from '../../src/cluster/scripts/scan-scripts.js';
import { compiledUrl } from '../../src/compiled-path.js';
import { toScanSnapshot, type ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { describeCluster, requireRedis, TEST_REDIS_URL } from './support/cluster.js';

const USER = 'records-user';
const TTL_MS = 60_000;
/** Creation time, fixed so that two snapshots of one version are equal. */
const CREATED_AT = Date.now();
const START_OPTIONS = { force: false, lockTtlMs: TTL_MS, ttlMs: TTL_MS, maxQueued: 2 };
/** For the specs after the queue's bound has been reached. */
const ROOMY = { ...START_OPTIONS, maxQueued: 100 };

const found: Opportunity = {
  strategy: 'spot_momentum_strategy', symbols: ['AAA'], side: 'long', confidence: 7, expectedReturnPct: 1.5, riskPct: 0.5,
  horizon: '4h', entry: 100, stop: 99.5, target: 101.5, rationale: 'a "quoted" rationale',
};

/** Version `version` of scan `id`, built by the engine's own snapshot function. */
function snapshotOf(id: string, version: number, state: ScanState, opportunities: Opportunity[] = []): ScanSnapshot {
  const input = { scanId: id, strategies: ['spot_momentum_strategy'], budgetMs: 10_000, strategyTimeoutMs: 5_000, createdAt: CREATED_AT, params: { symbols: ['AAA'], portfolio: {} } };
  const context = { ...initialContext(input), version, opportunities };
  const finishedAt = state === 'complete' ? CREATED_AT + 50 : null;
  return toScanSnapshot({ id, userId: USER, instance: version === 1 ? null : 'instance-a', state, context, finishedAt }, CREATED_AT + 100);
}

describeCluster('scan records', () => {
  let redis: Redis;
  let subscriber: Redis;
  let keys: ClusterKeys;
  let records: ScanRecords;
  /** Version numbers published on scan-a's channel (readers elsewhere fetch the snapshot they announce). */
  const published: number[] = [];
  const prefix = uniquePrefix('records');

  beforeAll(async () => {
    requireRedis();
    redis = new Redis(TEST_REDIS_URL);
    subscriber = new Redis(TEST_REDIS_URL);
    keys = clusterKeys(prefix);
    records = new ScanRecords(redis, keys);
    subscriber.on('message', (_channel: string, message: string) => published.push(Number(message)));
    await subscriber.subscribe(keys.scanEvents('scan-a'));
  });

  afterAll(async () => {
    subscriber?.disconnect();
    redis?.disconnect();
    await deletePrefix(TEST_REDIS_URL, prefix);
  });

  /** The versions published so far, once `count` have arrived (pub/sub comes on the subscriber's own connection). */
  async function publishedVersions(count: number): Promise<number[]> {
    for (let i = 0; i < 200 && published.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    return [...published];
  }

  it('registers a scan: its initiated snapshot is readable, queued, in its user\'s list', async () => {
    expect(await records.start(snapshotOf('scan-a', 1, 'initiated'), START_OPTIONS)).toEqual({ kind: 'created' });
    expect(await records.get('scan-a')).toEqual({ snapshot: snapshotOf('scan-a', 1, 'initiated'), version: 1, done: false, instance: '', cancelRequested: false });
    expect(await records.queuedScans()).toEqual(['scan-a']);
    expect((await records.list(USER, 10)).map((s) => s.id)).toEqual(['scan-a']);
  });

  it('answers a second scan of the same user with the running one, unless forced', async () => {
    expect(await records.start(snapshotOf('scan-b', 1, 'initiated'), START_OPTIONS)).toEqual({ kind: 'reused', scanId: 'scan-a' });
    expect(await records.get('scan-b')).toBeUndefined();
  });

  it('stores and publishes a newer version; an owner takes it off the queue', async () => {
    const v2 = snapshotOf('scan-a', 2, 'running', [found]);
    expect(await records.write(v2, TTL_MS)).toBe(true);
    expect((await records.get('scan-a'))?.snapshot).toEqual(v2);
    expect(await publishedVersions(1)).toEqual([2]);
    expect(await records.queuedScans()).toEqual([]);
    expect((await records.runningScans()).map((r) => r.id)).toEqual(['scan-a']);
  });

  it('ignores a version not newer than the stored one', async () => {
    expect(await records.write(snapshotOf('scan-a', 2, 'running'), TTL_MS)).toBe(false);
    expect((await records.get('scan-a'))?.snapshot.opportunities).toEqual([found]);
  });

  it('stores a final version, releases the user\'s lock, and never lets a later version undo it', async () => {
    const final = snapshotOf('scan-a', 3, 'complete', [found]);
    expect(await records.write(final, TTL_MS)).toBe(true);
    expect(await records.write(snapshotOf('scan-a', 4, 'running'), TTL_MS)).toBe(false);
    expect(await records.get('scan-a')).toMatchObject({ snapshot: final, version: 3, done: true });
    expect(await publishedVersions(2)).toEqual([2, 3]);
    expect(await records.runningScans()).toEqual([]);
    // The lock is free: the user's next scan is created, not answered with the finished one.
    expect(await records.start(snapshotOf('scan-c', 1, 'initiated'), START_OPTIONS)).toEqual({ kind: 'created' });
  });

  it('refuses a scan when the shared queue holds its bound already', async () => {
    const other = (id: string) => ({ ...snapshotOf(id, 1, 'initiated'), userId: `${USER}-${id}` });
    expect(await records.start(other('scan-d'), START_OPTIONS)).toEqual({ kind: 'created' });
    expect(await records.queuedScans()).toEqual(['scan-c', 'scan-d']); // the bound (maxQueued) is 2
    expect(await records.start(other('scan-e'), START_OPTIONS)).toEqual({ kind: 'full', queued: 2 });
    expect(await records.get('scan-e')).toBeUndefined();
  });

  it('sends a version as what changed since the stored one; read back, it is the whole snapshot', async () => {
    const v1 = snapshotOf('scan-g', 1, 'initiated');
    expect(await records.start({ ...v1, userId: `${USER}-g` }, ROOMY)).toEqual({ kind: 'created' });
    const v2 = { ...snapshotOf('scan-g', 2, 'running'), userId: `${USER}-g` };
    const first = await records.writeSince(v2, TTL_MS);
    const v3 = { ...snapshotOf('scan-g', 3, 'running', [found]), userId: `${USER}-g` };
    expect(await records.writeSince(v3, TTL_MS, first.parts)).toMatchObject({ written: true, storedFinal: false });
    expect((await records.get('scan-g'))?.snapshot).toEqual(v3);
  });

  it('sends a version whole when the store does not hold the version it was made on top of', async () => {
    const user = `${USER}-h`;
    await records.start({ ...snapshotOf('scan-h', 1, 'initiated'), userId: user }, ROOMY);
    const never = recordParts({ ...snapshotOf('scan-h', 2, 'running'), userId: user }); // lost in an outage: never stored
    const v3 = { ...snapshotOf('scan-h', 3, 'running', [found]), userId: user };
    expect((await records.writeSince(v3, TTL_MS, never)).written).toBe(true);
    expect((await records.get('scan-h'))?.snapshot).toEqual(v3);
  });

  it('tells a writer when the version it was refused for is final: the scan was finalised elsewhere', async () => {
    const late = snapshotOf('scan-a', 9, 'running');
    expect(await records.writeSince(late, TTL_MS)).toMatchObject({ written: false, storedFinal: true });
  });

  it('stores a version unannounced when asked to, but always announces a final one', async () => {
    const user = `${USER}-p`;
    const channel = keys.scanEvents('scan-p');
    const heard: string[] = [];
    subscriber.on('message', (from: string, message: string) => void (from === channel && heard.push(message)));
    await subscriber.subscribe(channel);
    await records.start({ ...snapshotOf('scan-p', 1, 'initiated'), userId: user }, ROOMY);
    const v2 = await records.writeSince({ ...snapshotOf('scan-p', 2, 'running'), userId: user }, TTL_MS);
    await records.writeSince({ ...snapshotOf('scan-p', 3, 'running'), userId: user }, TTL_MS, v2.parts, undefined, { publish: false });
    await records.writeSince({ ...snapshotOf('scan-p', 4, 'complete'), userId: user }, TTL_MS, undefined, undefined, { publish: false });
    for (let i = 0; i < 200 && heard.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(heard).toEqual(['2', '4']);
    expect((await records.get('scan-p'))?.version).toBe(4);
  });

  it('gives every key it writes a lifetime: the user\'s list lives as long as its longest-lived record', async () => {
    const user = `${USER}-t`;
    await records.start({ ...snapshotOf('scan-t', 1, 'initiated'), userId: user }, { ...ROOMY, ttlMs: 5_000 });
    const listTtl = await redis.pttl(keys.userScans(user));
    expect(listTtl).toBeGreaterThan(0);
    expect(listTtl).toBeLessThanOrEqual(5_000);
    // A final version that lives longer than the list would (a late finalisation) takes the list's life with it.
    await records.write({ ...snapshotOf('scan-t', 2, 'complete'), userId: user }, 30_000);
    expect(await redis.pttl(keys.userScans(user))).toBeGreaterThan(5_000);
    expect(await redis.pttl(keys.scan('scan-t'))).toBeGreaterThan(5_000);
    expect(await redis.pttl(keys.activeScan(user))).toBe(-2); // released
  });

  it('loads its scripts from .lua files, from the sources and from the compiled dist/ alike', async () => {
    const compiled = (await import(compiledUrl('src/cluster/scripts/scan-scripts'))) as { scriptPath(name: ScriptName): string };
    for (const name of Object.keys(SCAN_SCRIPTS) as ScriptName[]) {
      expect(scriptPath(name)).toMatch(/src\/cluster\/scripts\/[a-z-]+\.lua$/);
      expect(compiled.scriptPath(name)).toBe(scriptPath(name));
    }
  });
});
