// The deadline survives a dead instance (issue 12, §5): when the instance running a scan is killed (kill -9), another
// instance finalises the scan within its deadline + a bounded lapse. Strategies it had settled keep their results; the
// rest fail with INSTANCE_LOST.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { as, Cluster, describeCluster, requireRedis, userId, type Instance } from './support/cluster.js';

/** The lost-instance lapse for this run (the default is 2 s): short, so the spec is quick. */
const LAPSE_MS = 1_000;
/** What the issue allows past the deadline. */
const BOUND_MS = 3_000;

describeCluster('kill -9 of the instance running a scan', () => {
  const cluster = new Cluster();
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    requireRedis();
    [a, b] = await cluster.startPair(['a', 'b'], { SCANNER_THREADS: '2', SCANNER_LOST_INSTANCE_MS: String(LAPSE_MS) });
  }, 60_000);

  afterAll(() => cluster.close(), 30_000);

  it('the scan is final by its deadline + the lapse; settled strategies keep their results, the rest fail with INSTANCE_LOST', async () => {
    const user = userId('lost');
    const posted = await as(a, user).post({ strategies: ['t20', 't50', 't1500'], budgetMs: 4_000 });
    expect(posted.status).toBe(202);
    const settled = (status: string | undefined): boolean => status === 'succeeded';
    const placed = await as(a, user).until(posted.body.id, (s) => s.instance !== null);
    const victim = placed.instance === a.id ? a : b;
    const survivor = victim === a ? b : a;
    // Read where the owner stores its versions (it coalesces them: src/cluster/snapshot-mirror.ts): what the survivor
    // has seen settled is what the owner had stored when it died.
    const before = await as(survivor, user).until(posted.body.id, (s) => settled(s.strategies[0]?.status) && settled(s.strategies[1]?.status));
    expect(before.strategies[2]?.status).toBe('running');

    const killedAt = Date.now();
    victim.kill('SIGKILL');
    expect((await victim.exit).signal).toBe('SIGKILL');
    const final = await as(survivor, user).final(posted.body.id, 15_000);
    const seenAt = Date.now();

    const deadlineAt = Date.parse(final.deadlineAt);
    expect(seenAt).toBeLessThanOrEqual(deadlineAt + BOUND_MS);
    expect(Date.parse(final.finishedAt as string)).toBeLessThanOrEqual(deadlineAt + BOUND_MS);
    expect(final).toMatchObject({ state: 'partial', done: true, instance: victim.id });
    expect(final.strategies.map((s) => [s.id, s.status, s.opportunities, s.error?.code ?? null])).toEqual([
      ['t20', 'succeeded', 1, null],
      ['t50', 'succeeded', 1, null],
      ['t1500', 'failed', 0, 'INSTANCE_LOST'],
    ]);
    expect(final.opportunities.map((o) => o.strategy).sort()).toEqual(['t20', 't50']);
    console.info(`[lost-instance] kill -9 → final ${Date.parse(final.finishedAt as string) - killedAt} ms (seen ${seenAt - killedAt} ms) with a ${LAPSE_MS} ms lapse; ${deadlineAt - seenAt} ms before the deadline`);

    // The survivor goes on serving: a new scan runs there.
    const next = await as(survivor, userId('after')).post({ strategies: ['t20'], budgetMs: 4_000 });
    expect(await as(survivor, next.body.userId).final(next.body.id)).toMatchObject({ state: 'complete', instance: survivor.id });
  });
});
