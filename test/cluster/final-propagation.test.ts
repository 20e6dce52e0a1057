// The owner coalesces the versions it stores (src/cluster/snapshot-mirror.ts), but never the final one: a long-poll on
// an instance that does not run the scan sees the final state within 100 ms of one on the instance that runs it. The
// machine the tests run on is shared: the bound holds for the median of several rounds, and every lag is logged.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { as, Cluster, describeCluster, requireRedis, userId, type Instance } from './support/cluster.js';

/** The bound: owner's final → non-owner's final. */
const BOUND_MS = 100;
const ROUNDS = 5;

describeCluster('a final version reaches the other instances at once', () => {
  const cluster = new Cluster();
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    requireRedis();
    [a, b] = await cluster.startPair(['a', 'b']);
  }, 60_000);

  afterAll(() => cluster.close(), 30_000);

  /** Long-polls version after version on `on` until final; when the final answer was read. */
  async function finalSeenAt(on: Instance, user: string, id: string): Promise<{ at: number; snapshot: ScanSnapshot }> {
    let version = 0;
    for (;;) {
      const res = await as(on, user).get(id, `?waitMs=10000&version=${version}`);
      if (res.status !== 200) throw new Error(`GET ${id} answered ${res.status}`);
      if (res.body.done) return { at: Date.now(), snapshot: res.body };
      version = res.body.version;
    }
  }

  it(`a non-owner's long-poll answers the final state within ${BOUND_MS} ms of the owner's (median of ${ROUNDS} scans)`, async () => {
    const lags: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const user = userId('final');
      const posted = await as(a, user).post({ strategies: ['t200', 't100', 't50'], budgetMs: 10_000 });
      expect(posted.status).toBe(202);
      const [onA, onB] = await Promise.all([finalSeenAt(a, user, posted.body.id), finalSeenAt(b, user, posted.body.id)]);
      expect(onB.snapshot).toEqual(onA.snapshot);
      const owner = onA.snapshot.instance === a.id ? onA : onB;
      const elsewhere = owner === onA ? onB : onA;
      lags.push(elsewhere.at - owner.at);
    }
    console.info(`[final-propagation] non-owner − owner, ms: ${lags.join(', ')}`);
    const median = [...lags].sort((x, y) => x - y)[Math.floor(lags.length / 2)] as number;
    expect(median).toBeLessThanOrEqual(BOUND_MS);
  });
});
