// Trace records cross Redis only while someone follows the scan's /inspect (src/cluster/trace-mirror.ts): a scan nobody
// follows keeps its trace on its owner and writes it once, whole, when it ends; a follower on another instance makes its
// owner send what it has and then every record as it is taken. GET /trace answers the same on every instance either way.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clusterKeys } from '../../src/cluster/cluster-keys.js';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { readSse } from '../http/support/sse-client.js';
import { as, Cluster, describeCluster, requireRedis, sleep, userId, type Instance } from './support/cluster.js';

/** About 700 ms of work on one thread: long enough to look at Redis while it runs. */
const SCAN = { strategies: ['t400', 't200', 't100'], budgetMs: 15_000 };

describeCluster('trace records cross Redis only while watched', () => {
  const cluster = new Cluster();
  const keys = clusterKeys(cluster.prefix);
  let a: Instance;
  let b: Instance;
  let redis: Redis;

  beforeAll(async () => {
    requireRedis();
    [a, b] = await cluster.startPair(['a', 'b']);
    redis = new Redis(cluster.redisUrl);
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await cluster.close();
  }, 30_000);

  const byId = (id: string | null): Instance => (id === a.id ? a : b);
  const other = (id: string | null): Instance => (id === a.id ? b : a);

  async function running(user: string): Promise<ScanSnapshot> {
    const posted = await as(a, user).post(SCAN);
    expect(posted.status).toBe(202);
    return as(a, user).until(posted.body.id, (s) => s.state === 'running');
  }

  it('a scan nobody follows sends no trace record while it runs, and its whole trace once it ends', async () => {
    const user = userId('quiet');
    const scan = await running(user);
    await sleep(150);
    expect(await redis.exists(keys.trace(scan.id), keys.traceFinal(scan.id))).toBe(0);
    const owner = as(byId(scan.instance), user);
    await owner.final(scan.id);
    await sleep(100); // the final trace is deflated off the main thread, then written
    expect(await redis.exists(keys.trace(scan.id))).toBe(0);
    expect(await redis.exists(keys.traceFinal(scan.id))).toBe(1);
    const [onOwner, elsewhere] = await Promise.all([owner.trace(scan.id), as(other(scan.instance), user).trace(scan.id)]);
    expect(onOwner.status).toBe(200);
    expect(elsewhere.body).toEqual(onOwner.body);
  });

  it('a follower elsewhere gets the records so far, then each one live, ending with the scan', async () => {
    const user = userId('watched');
    const scan = await running(user);
    const elsewhere = other(scan.instance);
    let liveWhileRunning = -1;
    const followed = readSse(`${elsewhere.url}/v1/scans/${scan.id}/inspect`, {
      headers: { 'X-User-Id': user },
      until: (r) => {
        // Once the first records are here, the owner is sending live: the list exists while the scan runs.
        if (liveWhileRunning < 0 && r.events.some((e) => e.event === 'trace')) void redis.llen(keys.trace(scan.id)).then((n) => (liveWhileRunning = n));
        return false;
      },
    });
    const result = await followed;
    expect(result.ended).toBe(true);
    expect(result.events.at(-1)?.event).toBe('end');
    expect(liveWhileRunning).toBeGreaterThan(0);
    const seqs = result.events.filter((e) => e.event === 'trace').map((e) => Number(e.id));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    const whole = (await as(byId(scan.instance), user).trace(scan.id)).body as Array<{ seq: number }>;
    expect(seqs).toEqual(whole.map((r) => r.seq)); // every record, once, in order
  });
});
