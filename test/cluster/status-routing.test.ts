// Zero not_found on every instance: the moment POST answers 202 on one instance, a GET of that id on another instance
// finds the scan (issue 12, "Zero `not_found`"). A load balancer may send the poll anywhere.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { as, Cluster, describeCluster, inPool, requireRedis, userId, type Instance } from './support/cluster.js';

const PAIRS = 1_000;
/** Requests in flight at once: enough to overlap POSTs with the scans they start, modest for a shared 2-core machine. */
const CONCURRENCY = 12;

describeCluster('status routing across instances', () => {
  const cluster = new Cluster();
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    requireRedis();
    // The shared queue may hold more scans than the default bound (96) while the pairs overlap.
    [a, b] = await cluster.startPair(['a', 'b'], { SCANNER_THREADS: '2', SCANNER_MAX_QUEUED_SCANS: String(PAIRS) });
  }, 60_000);

  afterAll(() => cluster.close(), 30_000);

  it(`${PAIRS} POST-on-one / GET-on-another pairs: never a 404, and every scan ends final`, async () => {
    const run = userId('pair');
    const statuses = new Map<string, number>();
    const tally = (what: string): void => void statuses.set(what, (statuses.get(what) ?? 0) + 1);
    const scans: Array<{ id: string; reader: Instance; user: string }> = [];
    const started = performance.now();
    await inPool(PAIRS, CONCURRENCY, async (i) => {
      // Half the pairs each way round.
      const [writer, reader] = i % 2 === 0 ? [a, b] : [b, a];
      const user = `${run}-${i}`;
      const posted = await as(writer, user).post({ strategies: ['fast'], budgetMs: 30_000 });
      tally(`POST ${posted.status}`);
      if (posted.status !== 202) return;
      const read = await as(reader, user).get(posted.body.id);
      tally(`GET ${read.status}`);
      if (read.status === 200) expect(read.body.id).toBe(posted.body.id);
      scans.push({ id: posted.body.id, reader, user });
    });
    const pairsMs = performance.now() - started;

    expect(Object.fromEntries(statuses)).toEqual({ 'POST 202': PAIRS, 'GET 200': PAIRS });
    expect(new Set(scans.map((s) => s.id)).size).toBe(PAIRS);

    // Every id ends final, read on the instance that did not take the POST.
    const states = new Map<string, number>();
    const runInstances = new Set<string | null>();
    await inPool(scans.length, CONCURRENCY, async (i) => {
      const { id, reader, user } = scans[i] as (typeof scans)[number];
      const final = await as(reader, user).final(id, 60_000);
      states.set(final.state, (states.get(final.state) ?? 0) + 1);
      runInstances.add(final.instance);
    });
    expect(Object.fromEntries(states)).toEqual({ complete: PAIRS });
    // Both instances took a share of the work (pull by capacity), and every scan names one of them.
    expect([...runInstances].sort()).toEqual([a.id, b.id].sort());
    console.info(`[status-routing] ${PAIRS} pairs in ${Math.round(pairsMs)} ms (${((pairsMs / PAIRS) * CONCURRENCY).toFixed(1)} ms per pair at ${CONCURRENCY} in flight); all final ${Math.round(performance.now() - started)} ms after the first POST`);
  }, 120_000);
});
