// Durability checked and stated (issue 18, §3): at start an instance reads what Redis keeps (appendonly, save) and
// whether it may evict (maxmemory-policy). A Redis that keeps nothing on disk can lose accepted scans: /healthz says
// `store.durable: false` and one warn line says what can be lost and how to fix it. With an append-only file and no
// eviction, `durable: true` and no warning. Each spec runs a redis-server of its own with the settings it checks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { judgeDurability, readPersistence } from '../../src/cluster/store-durability.js';
import { Cluster, describeCluster, health, requireRedis, startPrivateRedis, type Instance, type PrivateRedis } from './support/cluster.js';

describe('judging what Redis keeps', () => {
  it('durable only with an append-only file and no eviction; unknown when Redis would not say', () => {
    expect(judgeDurability({ appendonly: true, save: '', maxmemoryPolicy: 'noeviction' })).toEqual({ durable: true, risks: [] });
    expect(judgeDurability({ appendonly: false, save: '', maxmemoryPolicy: 'noeviction' }).durable).toBe(false);
    expect(judgeDurability({ appendonly: false, save: '3600 1', maxmemoryPolicy: 'noeviction' }).risks[0]).toMatch(/only RDB snapshots/);
    const evicting = judgeDurability({ appendonly: true, save: '', maxmemoryPolicy: 'allkeys-lru' });
    expect(evicting.durable).toBe(false);
    expect(evicting.risks).toEqual([expect.stringMatching(/maxmemory-policy allkeys-lru.*Fix: maxmemory-policy noeviction/)]);
    expect(judgeDurability({ appendonly: null, save: null, maxmemoryPolicy: null })).toEqual({ durable: null, risks: [] });
  });

  it('reads INFO where CONFIG is refused (hosted Redis), and reports unknown where neither answers', async () => {
    const refused = async (): Promise<never> => {
      throw new Error("ERR unknown command 'CONFIG'");
    };
    const info = async (section: string): Promise<string> =>
      section === 'persistence' ? '# Persistence\r\naof_enabled:0\r\nrdb_bgsave_in_progress:0\r\n' : '# Memory\r\nmaxmemory_policy:allkeys-lru\r\n';
    const hosted = { config: refused, info } as unknown as Redis;
    expect(await readPersistence(hosted)).toEqual({ appendonly: false, save: null, maxmemoryPolicy: 'allkeys-lru' });
    const silent = { config: refused, info: refused } as unknown as Redis;
    expect(await readPersistence(silent)).toEqual({ appendonly: null, save: null, maxmemoryPolicy: null });
  });
});

describeCluster('an instance on a Redis that keeps nothing, and on one with an append-only file', () => {
  let redis: PrivateRedis | undefined;
  let cluster: Cluster | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await cluster?.close();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  async function instanceOn(args: string[]): Promise<Instance> {
    requireRedis();
    dir = mkdtempSync(join(tmpdir(), 'scanner-durability-'));
    redis = await startPrivateRedis(undefined, ['--dir', dir, ...args]);
    cluster = new Cluster(redis.url);
    return cluster.start('alone');
  }

  async function durableOf(instance: Instance): Promise<unknown> {
    // The check runs once the connection is ready, just after start: wait for its verdict.
    const until = Date.now() + 5_000;
    for (;;) {
      const store = (await health(instance)).body.store as { durable?: boolean | null };
      if (store.durable !== null && store.durable !== undefined) return store.durable;
      if (Date.now() > until) return store.durable;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const warnings = (instance: Instance): Array<Record<string, unknown>> =>
    instance
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.level === 40 && l.durable === false);

  it("--save '' --appendonly no: durable false in /healthz, and a warn line saying what can be lost and how to fix it", async () => {
    const instance = await instanceOn(['--save', '', '--appendonly', 'no']);
    expect(await durableOf(instance)).toBe(false);
    const [warning, ...more] = warnings(instance);
    expect(more).toEqual([]);
    expect(warning).toMatchObject({ appendonly: false, save: '', maxmemoryPolicy: 'noeviction' });
    expect(warning?.risks).toEqual([expect.stringMatching(/after a Redis restart every scan it held is gone.*Fix: run Redis with appendonly yes/)]);
  }, 60_000);

  it('--appendonly yes: durable true, no warning', async () => {
    const instance = await instanceOn(['--appendonly', 'yes', '--appendfsync', 'everysec']);
    expect(await durableOf(instance)).toBe(true);
    expect(warnings(instance)).toEqual([]);
  }, 60_000);
});
