// Graceful shutdown in distributed mode (issue 12, §7): SIGTERM stops taking jobs, finishes or finalises the scans the
// instance runs (as in single-process mode), publishes their final snapshots and exits 0. Scans still queued stay in
// the shared queue, and another instance runs them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { as, Cluster, describeCluster, requireRedis, userId, type Instance } from './support/cluster.js';

const BUDGET_MS = 15_000;

describeCluster('SIGTERM of one instance while another runs', () => {
  const cluster = new Cluster();
  let a: Instance;
  let b: Instance;
  /** The instance the first spec keeps running. */
  let stayed: Instance;

  beforeAll(async () => {
    requireRedis();
    // One thread each: one scan fills an instance.
    [a, b] = await cluster.startPair(['a', 'b']);
  }, 60_000);

  afterAll(() => cluster.close(), 30_000);

  /**
   * Starts a scan and waits until it runs. The blockers below use `cooperative`, which works until its strategy deadline
   * (10 s) or a cancel: planned to fit (its cost is unknown, or learned from runs far shorter), it holds its thread; a
   * strategy planned to miss would run only speculatively, and the instance would count that thread as free.
   */
  async function running(on: Instance, user: string, strategies: string[], strategyTimeoutMs?: number): Promise<ScanSnapshot> {
    const posted = await as(on, user).post({ strategies, budgetMs: BUDGET_MS, ...(strategyTimeoutMs ? { strategyTimeoutMs } : {}) });
    expect(posted.status).toBe(202);
    return as(on, user).until(posted.body.id, (s) => s.state === 'running');
  }

  it('exits 0; its scans finish and are readable elsewhere; a queued scan stays queued and runs on the other instance', async () => {
    const first = await running(a, userId('first'), ['t1500', 't400']);
    const leaving = first.instance === a.id ? a : b;
    const staying = leaving === a ? b : a;
    stayed = staying;
    const second = await running(leaving, userId('second'), ['t1500', 't400']);
    expect(second.instance).toBe(staying.id);
    const queuedUser = userId('queued');
    const queued = await as(leaving, queuedUser).post({ strategies: ['t20'], budgetMs: BUDGET_MS });
    expect((await as(staying, queuedUser).get(queued.body.id)).body).toMatchObject({ state: 'initiated', instance: null });

    leaving.kill('SIGTERM');
    // While it shuts down (its scan still runs) it refuses new scans.
    await waitUntil(async () => (await fetch(`${leaving.url}/healthz`)).status === 503);
    const refused = await as(leaving, userId('late')).post({ strategies: ['t20'], budgetMs: BUDGET_MS });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'SHUTTING_DOWN' });
    expect(await leaving.exit).toEqual({ code: 0, signal: null });

    // Its scan finished within the shutdown grace, and its final snapshot is in the store.
    expect(await as(staying, first.userId).final(first.id)).toMatchObject({ state: 'complete', instance: leaving.id });
    // The queued scan waited for the instance that stayed, not for the one that left.
    expect(await as(staying, queuedUser).final(queued.body.id)).toMatchObject({ state: 'complete', instance: staying.id });
    expect(await as(staying, second.userId).final(second.id)).toMatchObject({ state: 'complete', instance: staying.id });
  }, 60_000);

  it('once SIGTERM is taken, not even an idle instance takes another scan: it stays queued for the others', async () => {
    const staying = stayed;
    const blocker = await running(staying, userId('busy'), ['cooperative'], 10_000);
    expect(blocker.instance).toBe(staying.id);
    // Idle: waiting for the next job in the shared queue.
    const idle = await cluster.start('idle');
    idle.kill('SIGTERM');
    await waitUntil(async () => (await fetch(`${idle.url}/healthz`).catch(() => undefined))?.status !== 200);

    try {
      const user = userId('after-sigterm');
      const posted = await as(staying, user).post({ strategies: ['t20'], budgetMs: BUDGET_MS });
      expect(posted.status).toBe(202);
      expect(await idle.exit).toEqual({ code: 0, signal: null });
      expect((await as(staying, user).get(posted.body.id)).body).toMatchObject({ state: 'initiated', instance: null });
      await as(staying, blocker.userId).cancel(blocker.id);
      expect(await as(staying, user).final(posted.body.id)).toMatchObject({ state: 'complete', instance: staying.id });
    } finally {
      await as(staying, blocker.userId).cancel(blocker.id);
    }
  }, 60_000);

  it('a scan still running when the grace ends is cancelled at shutdown, finished results kept, and that is what others read', async () => {
    // The instance left by the first spec is kept busy (a strategy that works until its own deadline), so a third one,
    // with a short shutdown grace, takes the scan. The grace (400 ms, of which 300 for scans) ends long before t1500.
    const staying = stayed;
    const blocker = await running(staying, userId('busy'), ['cooperative'], 10_000);
    expect(blocker.instance).toBe(staying.id);
    try {
      const short = await cluster.start('short-grace', { SCANNER_SHUTDOWN_GRACE_MS: '400', SCANNER_THREADS: '2' });
      const user = userId('cut');
      const scan = await running(short, user, ['t20', 't1500']);
      expect(scan.instance).toBe(short.id);
      await as(short, user).until(scan.id, (s) => s.strategies[0]?.status === 'succeeded');

      const signalled = Date.now();
      short.kill('SIGTERM');
      expect(await short.exit).toEqual({ code: 0, signal: null });
      const exitMs = Date.now() - signalled;
      const final = await as(staying, user).final(scan.id);
      expect(final).toMatchObject({ state: 'cancelled', instance: short.id });
      expect(final.strategies.map((s) => [s.id, s.status])).toEqual([
        ['t20', 'succeeded'],
        ['t1500', 'cancelled'],
      ]);
      console.info(`[shutdown] SIGTERM → exit 0 in ${exitMs} ms with a 400 ms grace; cancelled ${Date.parse(final.finishedAt as string) - signalled} ms after SIGTERM`);
    } finally {
      await as(staying, blocker.userId).cancel(blocker.id);
    }
  }, 60_000);
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
