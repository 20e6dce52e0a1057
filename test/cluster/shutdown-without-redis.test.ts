// Shutdown while Redis is away (issue 18, §4): SIGTERM does not wait on a server that is not there. An idle instance exits
// 0 within a second; one running a scan finishes it as usual (its result stays unwritten: one warn line says which) and
// exits 0 within its grace. Each spec runs a redis-server of its own, so it can stop it under the instance.
import { afterEach, expect, it } from 'vitest';
import { as, Cluster, describeCluster, requireRedis, startPrivateRedis, userId, type Instance, type PrivateRedis } from './support/cluster.js';

const GRACE_MS = 4_000;
/** What "at once" means for an idle instance. */
const IDLE_EXIT_MS = 1_000;

describeCluster('SIGTERM while Redis is unreachable', () => {
  let redis: PrivateRedis | undefined;
  let cluster: Cluster | undefined;

  afterEach(async () => {
    await cluster?.close();
    await redis?.stop();
  }, 30_000);

  async function instanceOnPrivateRedis(env: Record<string, string> = {}): Promise<Instance> {
    requireRedis();
    redis = await startPrivateRedis();
    cluster = new Cluster(redis.url);
    return cluster.start('alone', { SCANNER_SHUTDOWN_GRACE_MS: String(GRACE_MS), SCANNER_LOST_INSTANCE_MS: '1000', ...env });
  }

  /** Waits until the instance reports Redis unreachable, so the signal meets an instance that knows. */
  async function untilDegraded(instance: Instance): Promise<void> {
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      const body = (await (await fetch(`${instance.url}/healthz`)).json()) as { status: string };
      if (body.status === 'degraded') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the instance never noticed that Redis stopped');
  }

  /** Stops Redis under the instance, waits until it knows, sends SIGTERM; checks it exits 0 and returns how long it took. */
  async function exitWithoutRedis(instance: Instance): Promise<number> {
    await redis?.stop();
    await untilDegraded(instance);
    const signalled = Date.now();
    instance.kill('SIGTERM');
    expect(await instance.exit).toEqual({ code: 0, signal: null });
    return Date.now() - signalled;
  }

  it('an idle instance exits 0 within a second', async () => {
    const instance = await instanceOnPrivateRedis();
    const exitMs = await exitWithoutRedis(instance);
    console.info(`[shutdown without Redis] idle: SIGTERM → exit 0 in ${exitMs} ms`);
    expect(exitMs, instance.output()).toBeLessThan(IDLE_EXIT_MS);
    expect(instance.output()).not.toMatch(/shutdown did not finish in time|shutdown failed/);
  }, 60_000);

  it('an instance running a scan finishes it, says in one warn line what it could not store, and exits 0 within the grace', async () => {
    const instance = await instanceOnPrivateRedis({ SCANNER_LOG_LEVEL: 'info' });
    const user = userId('unstored');
    const posted = await as(instance, user).post({ strategies: ['t400', 't1500'], budgetMs: 10_000 });
    expect(posted.status).toBe(202);
    await as(instance, user).until(posted.body.id, (s) => s.state === 'running');
    const exitMs = await exitWithoutRedis(instance);
    console.info(`[shutdown without Redis] running a scan: SIGTERM → exit 0 in ${exitMs} ms (grace ${GRACE_MS} ms)`);
    expect(exitMs).toBeLessThan(GRACE_MS);
    const lines = instance.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    // It finished the scan (not cancelled at the end of the grace)…
    expect(lines.find((l) => l.msg === 'scan finished' && l.scanId === posted.body.id)).toMatchObject({ state: 'complete' });
    // …and said, once, that its result could not be stored.
    const unwritten = lines.filter((l) => l.level === 40 && Array.isArray(l.unwrittenScans));
    expect(unwritten).toHaveLength(1);
    expect(unwritten[0]?.unwrittenScans).toContain(posted.body.id);
    expect(lines.filter((l) => l.msg === 'shutdown did not finish in time: exiting' || l.msg === 'shutdown failed')).toEqual([]);
  }, 60_000);
});
