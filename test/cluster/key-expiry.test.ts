// Every key under the prefix expires, or goes with what it indexes (issue 18, §2): after many users' scans and the
// result TTL, the prefix holds what it held at rest — heartbeats and the queue's own keys — whatever the number of users
// or scans.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { as, Cluster, describeCluster, inPool, requireRedis, sleep, userId, type Instance } from './support/cluster.js';

const RESULT_TTL_MS = 1_000;
const LAPSE_MS = 1_000;
/** Short, so that locks and running records, which outlive the budget, expire soon too. */
const BUDGET_MS = 1_000;
const USERS = 24;
const SCANS_PER_USER = 2;
/** The longest any scan's keys live past its POST: the budget, the lapse, the lock's second, the result TTL, and margin. */
const SETTLE_MS = BUDGET_MS + LAPSE_MS + 1_000 + RESULT_TTL_MS + 1_500;

describeCluster('keys under the prefix expire', () => {
  const cluster = new Cluster();
  let a: Instance;
  let b: Instance;
  let redis: Redis;

  /**
   * The prefix's keys, less BullMQ's stalled-check marker: each stalled-jobs check sets it with an expiry of one check
   * interval, so whether it exists at a given moment says when the last check ran, not whether anything leaked.
   */
  async function keys(): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${cluster.prefix}:*`, 'COUNT', 1000);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    return found.filter((key) => !key.endsWith(':stalled-check')).sort();
  }

  /** Runs every scan to its final state, `concurrency` at a time, each user POSTing on the instances in turn. */
  async function scans(users: string[], concurrency: number): Promise<void> {
    await inPool(users.length * SCANS_PER_USER, concurrency, async (i) => {
      const user = users[i % users.length] as string;
      const on = i % 2 === 0 ? a : b;
      const posted = await as(on, user).post({ strategies: ['fast', 'empty'], budgetMs: BUDGET_MS });
      if (posted.status !== 202) throw new Error(`POST answered ${posted.status}`);
      await as(on, user).final(posted.body.id);
      // Traces are read and followed too, so the watch keys and live lists they set are counted.
      await as(i % 2 === 0 ? b : a, user).trace(posted.body.id);
    });
  }

  beforeAll(async () => {
    requireRedis();
    const env = { SCANNER_RESULT_TTL_MS: String(RESULT_TTL_MS), SCANNER_LOST_INSTANCE_MS: String(LAPSE_MS) };
    [a, b] = await cluster.startPair(['a', 'b'], env);
    redis = new Redis(cluster.redisUrl);
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await cluster.close();
  }, 30_000);

  it(`after ${USERS} users' ${USERS * SCANS_PER_USER} scans and the result TTL, the key count is back at rest`, async () => {
    // Rest: after one scan has come and gone (the queue creates some of its keys on first use).
    await scans([userId('warm')], 1);
    await sleep(SETTLE_MS);
    const rest = await keys();

    await scans(Array.from({ length: USERS }, () => userId('many')), 4);
    const busy = await keys();
    expect(busy.length).toBeGreaterThan(rest.length); // the scans did leave keys while their results lived
    await sleep(SETTLE_MS);
    const after = await keys();
    console.info(`[key-expiry] keys at rest ${rest.length}, after the scans ${busy.length}, after the TTL ${after.length}: ${after.map((k) => k.slice(cluster.prefix.length + 1)).join(' ')}`);
    expect(after).toEqual(rest);
  }, 120_000);
});
