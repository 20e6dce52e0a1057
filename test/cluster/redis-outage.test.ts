// Redis trouble (issue 12, §6): while Redis is unreachable POST answers 503 STORE_UNAVAILABLE with Retry-After and
// /healthz says so; nothing hangs and nothing crashes; scans running keep running and keep their final results locally.
// Once Redis is back, service resumes without a restart and those results are mirrored: nothing that was final is lost.
//
// This spec runs a redis-server of its own (no persistence), so it can stop it without disturbing other runs. A Redis
// restarted without persistence comes back empty: what is readable afterwards is what the instances mirror again.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { as, Cluster, describeCluster, health, requireRedis, startPrivateRedis, userId, type Instance, type PrivateRedis } from './support/cluster.js';

const BUDGET_MS = 20_000;

describeCluster('Redis stopped and started again', () => {
  let redis: PrivateRedis;
  let cluster: Cluster;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    requireRedis();
    redis = await startPrivateRedis();
    cluster = new Cluster(redis.url);
    [a, b] = await cluster.startPair(['a', 'b'], { SCANNER_LOST_INSTANCE_MS: '1000' });
  }, 60_000);

  afterAll(async () => {
    await cluster?.close();
    await redis?.stop();
  }, 30_000);

  it('503 STORE_UNAVAILABLE while it is down, running scans go on; afterwards service resumes and their final results are readable everywhere', async () => {
    const user = userId('outage');
    const posted = await as(a, user).post({ strategies: ['t1500', 't400'], budgetMs: BUDGET_MS });
    const scan = await as(a, user).until(posted.body.id, (s) => s.state === 'running');
    const owner = scan.instance === a.id ? a : b;
    const other = owner === a ? b : a;

    await redis.stop();
    const stoppedAt = Date.now();

    // Every instance says so.
    for (const instance of [a, b]) {
      const degraded = await waitFor(() => health(instance), (h) => h.body.status === 'degraded', 5_000);
      expect(degraded.status).toBe(200);
      expect(degraded.body.store).toMatchObject({ available: false });
    }
    // POST is refused at once, with a problem and a time to come back.
    const t0 = performance.now();
    const refused = await fetch(`${other.url}/v1/scans`, {
      method: 'POST',
      headers: { 'X-User-Id': userId('refused'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ strategies: ['t20'], budgetMs: BUDGET_MS }),
    });
    const refusedMs = performance.now() - t0;
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ status: 503, code: 'STORE_UNAVAILABLE' });
    expect(refusedMs).toBeLessThan(2_000);
    // A read of a scan run elsewhere cannot be answered, and is not answered 404 either.
    const unreadable = await as(other, user).get(scan.id);
    expect(unreadable.status).toBe(503);
    expect(unreadable.body).toMatchObject({ code: 'STORE_UNAVAILABLE' });

    // The scan keeps running where it runs, to its final state, which its owner keeps.
    const final = await as(owner, user).final(scan.id);
    expect(final).toMatchObject({ state: 'complete', instance: owner.id });
    expect((await health(owner)).body.store).toMatchObject({ available: false, pendingMirrors: 1 });

    await redis.restart();
    const restartedAt = Date.now();

    // Service resumes without restarting any instance: a POST is accepted, and its scan runs.
    const resumedUser = userId('resumed');
    const resumed = await waitFor(() => as(a, resumedUser).post({ strategies: ['t20'], budgetMs: BUDGET_MS }), (r) => r.status === 202, 10_000);
    const resumedMs = Date.now() - restartedAt;
    expect((await as(b, resumedUser).final(resumed.body.id)).state).toBe('complete');

    // The scan that ended during the outage is readable on the other instance, as its owner saw it: snapshot, list, trace.
    const mirrored = await waitFor(() => as(other, user).get(scan.id), (r) => r.status === 200, 5_000);
    expect(mirrored.body).toEqual(final);
    expect((await as(other, user).list()).body.scans).toEqual([expect.objectContaining({ id: scan.id, state: 'complete' })]);
    const trace = await waitFor(() => as(other, user).trace(scan.id), (r) => r.status === 200, 5_000);
    expect(trace.status).toBe(200);
    expect((await health(owner)).body.store).toMatchObject({ available: true, pendingMirrors: 0 });
    // Nothing crashed.
    for (const instance of [a, b]) expect((await health(instance)).body.status).toBe('ok');
    console.info(`[redis-outage] down ${restartedAt - stoppedAt} ms; POST 503 in ${Math.round(refusedMs)} ms; POST accepted again ${resumedMs} ms after redis-server restarted`);
  }, 60_000);
});

/** Calls `probe` until `test` holds for its result; throws with the last result after `timeoutMs`. */
async function waitFor<T>(probe: () => Promise<T>, test: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch((err: unknown) => err as T);
    if (test(value)) return value;
    if (Date.now() > until) throw new Error(`not reached in ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
