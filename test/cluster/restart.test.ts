// Restarts forget nothing final (issue 12, §3): final snapshots and traces are kept in Redis for the result TTL, so after
// every instance has been stopped and new ones started on the same prefix, finished results are still readable — the
// snapshot, the user's list and the trace.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { as, Cluster, describeCluster, requireRedis, userId, type Instance } from './support/cluster.js';

describeCluster('restart of every instance', () => {
  const cluster = new Cluster();
  let first: [Instance, Instance];

  beforeAll(async () => {
    requireRedis();
    first = await cluster.startPair(['a', 'b']);
  }, 60_000);

  afterAll(() => cluster.close(), 30_000);

  it('finished results stay readable after every instance has restarted: snapshot, list and trace', async () => {
    const user = userId('restart');
    const [a, b] = first;
    const posted = await as(a, user).post({ strategies: ['t20', 't50', 'fast'], budgetMs: 10_000 });
    const final = await as(b, user).final(posted.body.id);
    expect(final.state).toBe('complete');
    // The trace is stored beside the final snapshot, a moment after it: wait until the instance that did not run the
    // scan reads it, so what is checked after the restart is what was stored before it.
    const other = final.instance === a.id ? b : a;
    const traceBefore = await pollTrace(other, user, final.id);

    const exits = await Promise.all(first.map(async (instance) => (instance.kill('SIGTERM'), instance.exit)));
    expect(exits).toEqual([{ code: 0, signal: null }, { code: 0, signal: null }]);

    const [c, d] = await cluster.startPair(['c', 'd']);
    const read = await as(c, user).get(final.id);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(final);
    expect((await as(d, user).list()).body.scans).toEqual([expect.objectContaining({ id: final.id, state: 'complete' })]);
    const trace = await as(d, user).trace(final.id);
    expect(trace.status).toBe(200);
    expect(trace.body).toEqual(traceBefore);
    // Still someone else's scan to everyone else.
    expect((await as(c, userId('stranger')).get(final.id)).status).toBe(404);
  });
});

async function pollTrace(instance: Instance, user: string, id: string): Promise<unknown> {
  const until = Date.now() + 10_000;
  for (;;) {
    const res = await as(instance, user).trace(id);
    if (res.status === 200) return res.body;
    if (Date.now() > until) throw new Error(`no trace of ${id} on ${instance.id}: ${res.status} ${JSON.stringify(res.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
