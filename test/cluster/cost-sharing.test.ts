// Distributed mode: learned costs live in Redis under the deployment's prefix, merged from every instance, so a new
// instance plans its first scan with what the cluster knows; and an instance that is not ready takes no scan from the
// shared queue, which then waits there as any scan does. In-process engines on the test Redis, readiness driven by hand.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { deletePrefix } from '../../bench/suites/cluster/redis.js';
import { COST_HASH_TTL_MS, CostSync, costHashKey } from '../../src/cluster/cost-sync.js';
import { loadConfig } from '../../src/config.js';
import { buildEngine } from '../../src/build-engine.js';
import type { Engine } from '../../src/engine/engine.js';
import { WarmStart, type WarmLog } from '../../src/core/warm-start.js';
import { fixtureCatalogueUrl } from '../fixtures/fixture-engine.js';
import { describeCluster, requireRedis, TEST_REDIS_URL } from './support/cluster.js';

const quiet: WarmLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const key = { market: 'm', threads: 2, code: 'c' };
const entry = (strategy: string, ms: number) => ({ strategy, symbols: 8, ms, samples: 1, censored: false, recent: [ms] });

describeCluster('costs shared in a cluster', () => {
  const prefix = `scanner-test-costs-${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let dir: string;
  const engines: Array<{ engine: Engine; warm?: WarmStart }> = [];

  beforeAll(async () => {
    requireRedis();
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    dir = await mkdtemp(path.join(tmpdir(), 'cost-sharing-'));
  });
  afterEach(async () => {
    for (const { engine, warm } of engines.splice(0)) {
      await warm?.close();
      await engine.close();
    }
  });
  afterAll(async () => {
    await deletePrefix(TEST_REDIS_URL, prefix);
    redis.disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  it('merges every instance\'s field into one estimate, keeps the hash alive, and skips a field that does not parse', async () => {
    const a = new CostSync(redis, prefix, key, 'a');
    const b = new CostSync(redis, prefix, key, 'b');
    await a.publish([entry('x', 10), entry('y', 5)]);
    await b.publish([entry('x', 30)]);
    await redis.hset(costHashKey(prefix, key), 'broken', '{not json');
    const read = await new CostSync(redis, prefix, key, 'c').read();
    expect(read).toMatchObject({ instances: 2, skipped: 1 });
    expect(Object.fromEntries(read.entries.map((e) => [e.strategy, e.ms]))).toEqual({ x: 20, y: 5 });
    const ttl = await redis.pttl(costHashKey(prefix, key));
    expect(ttl).toBeGreaterThan(COST_HASH_TTL_MS - 60_000);
    // Another key (another pool size) is another hash: nothing of this one is seen there.
    expect((await new CostSync(redis, prefix, { ...key, threads: 4 }, 'c').read()).entries).toEqual([]);
  });

  async function instance(name: string, options: { isReady?: () => boolean; shareCosts?: boolean } = {}) {
    const config = loadConfig({
      SCANNER_CATALOGUE_URL: fixtureCatalogueUrl,
      SCANNER_MARKET_PROFILE: 'tiny',
      SCANNER_THREADS: '2',
      SCANNER_CALIBRATION: 'off',
      SCANNER_REDIS_URL: TEST_REDIS_URL,
      SCANNER_REDIS_PREFIX: prefix,
      SCANNER_INSTANCE_ID: name,
      SCANNER_STATE_DIR: path.join(dir, name),
    });
    const warm = options.shareCosts
      ? new WarmStart({ stateDir: config.scheduling.stateDir, calibration: false, cluster: (key) => new CostSync(redis, prefix, key, name), log: quiet, catalogueUrl: fixtureCatalogueUrl })
      : undefined;
    const engine = await buildEngine(config, { prepare: warm && ((core) => warm.attach(core)), isReady: options.isReady });
    engines.push({ engine, warm });
    // Connected before the first request (a request while Redis is not yet connected is refused, not queued).
    while (!(await engine.storeStatus())?.available) await new Promise((resolve) => setTimeout(resolve, 20));
    return { engine, warm };
  }

  it('a new instance plans its first scan with the costs the cluster learned, marked cluster', async () => {
    const first = await instance('learner', { shareCosts: true });
    const started = await first.engine.start({ strategies: ['fast', 'slow'], budgetMs: 10_000 }, { userId: 'u1' });
    expect((await first.engine.whenFinal(started.snapshot.id)).state).toBe('complete');
    // Gone before the newcomer starts (its scan must run on the newcomer); closing writes what is pending, as shutdown does.
    engines.splice(0);
    await first.warm?.close();
    await first.engine.close();

    const second = await instance('newcomer', { shareCosts: true });
    const model = (strategy: string) => second.warm?.costs().strategies.find((s) => s.strategy === strategy);
    await second.warm?.warm({ catalogue: [{ id: 'fast' }, { id: 'slow' }], ready: () => second.engine.ready(), calibrate: async () => [] });
    for (const strategy of ['fast', 'slow']) expect(model(strategy)).toMatchObject({ source: 'cluster', expectedMs: expect.any(Number) });
    // Its first scan's plan carries the cluster's costs.
    const scan = await second.engine.start({ strategies: ['fast', 'slow'], budgetMs: 10_000 }, { userId: 'u2' });
    const final = await second.engine.whenFinal(scan.snapshot.id);
    expect(final.state).toBe('complete');
    expect(final.strategies.every((s) => typeof s.expectedMs === 'number')).toBe(true);
  });

  it('takes no scan from the shared queue before it is ready; the scan waits there, then runs', async () => {
    let ready = false;
    const { engine } = await instance('gated', { isReady: () => ready });
    const started = await engine.start({ strategies: ['fast'], budgetMs: 20_000 }, { userId: 'u3' });
    // However long it waits, a not-ready instance never takes it: it stays queued, with no owner.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const waiting = await engine.read(started.snapshot.id, { userId: 'u3' });
    expect(waiting.state).toBe('initiated');
    expect(waiting.instance).toBeNull();
    expect(waiting.strategies.every((s) => s.status === 'queued')).toBe(true);
    ready = true;
    const final = await engine.whenFinal(started.snapshot.id).catch(async () => {
      // Not run here in the registry's sense until taken: follow it through the store.
      for await (const s of engine.follow(started.snapshot.id, { userId: 'u3' })) if (s.done) return s;
      throw new Error('no final snapshot');
    });
    expect(final.state).toBe('complete');
  });
});
