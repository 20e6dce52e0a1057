// The engine end to end on real worker threads: registration, deadlines, faults, cancel, retention, load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import type { ScanRegistry } from '../../../src/core/scan-registry.js';
import type { ScanService } from '../../../src/core/scan-service.js';
import type { ScanSnapshot } from '../../../src/core/scan-snapshot.js';
import type { StrategyPool } from '../../../src/core/strategy-pool.js';
import { coresClosedAfterEach, createFixtureCore, scanRequest, waitForFinal } from '../../support/engine.js';
import { until } from '../../support/until.js';

const statuses = (s: ScanSnapshot) => Object.fromEntries(s.strategies.map((r) => [r.id, r.status]));

describe('ScanRegistry on the real pool', () => {
  let core: ScanService;
  let pool: StrategyPool;
  let registry: ScanRegistry;
  beforeAll(async () => {
    core = createFixtureCore({ SCANNER_THREADS: '2' });
    ({ pool, registry } = core);
    await waitForFinal(registry, registry.create(scanRequest(['fast', 'fast_b']))); // warm the workers
  });
  afterAll(() => core.close());

  it('makes a new scan readable in the same tick it was created, in state initiated', () => {
    const id = registry.create(scanRequest(['fast']));
    const snapshot = registry.snapshot(id);
    expect(snapshot).toMatchObject({ id, state: 'initiated', done: false, version: 1, finishedAt: null });
    expect(snapshot?.progress).toMatchObject({ total: 1, queued: 1 });
    // Planned when created: the registry under test is the one production builds (a hand-built one had no planner).
    expect(snapshot?.plan).toMatchObject({ policy: expect.any(String) });
  });

  it('completes when every strategy succeeds, with opportunities merged and ranked', async () => {
    const final = await waitForFinal(registry, registry.create(scanRequest(['fast', 'fast_b'])));
    expect(final.state).toBe('complete');
    expect(statuses(final)).toEqual({ fast: 'succeeded', fast_b: 'succeeded' });
    expect(final.opportunities.map((o) => [o.strategy, o.confidence])).toEqual([['fast_b', 9], ['fast', 6], ['fast', 3]]);
    expect(final.startedAt).not.toBeNull();
    expect(final.progress).toMatchObject({ total: 2, succeeded: 2 });
  });

  it('ends partial at its budget when a strategy never yields, without waiting for it; the pool then serves normally', async () => {
    const id = registry.create(scanRequest(['spins', 'fast'], { budgetMs: 300 }));
    const final = await waitForFinal(registry, id);
    const finishedAt = Date.parse(final.finishedAt as string);
    const deadline = Date.parse(final.deadlineAt);
    expect(final.state).toBe('partial');
    expect(statuses(final)).toEqual({ spins: 'timed_out', fast: 'succeeded' });
    expect(final.strategies[0]).toMatchObject({ truncated: true, error: { code: 'STRATEGY_TIMEOUT' } });
    expect(finishedAt - deadline).toBeLessThanOrEqual(100);
    expect(Date.parse(final.strategies[0]?.deadlineAt as string)).toBeLessThanOrEqual(deadline);

    await until(() => pool.stats.threads === 2 && pool.stats.running === 0);
    const next = await waitForFinal(registry, registry.create(scanRequest(['fast', 'fast_b'])));
    expect(next.state).toBe('complete');
  });

  it('keeps the partial findings of a cooperative strategy stopped at its deadline', async () => {
    const final = await waitForFinal(registry, registry.create(scanRequest(['cooperative', 'fast'], { strategyTimeoutMs: 150 })));
    const coop = final.strategies.find((s) => s.id === 'cooperative');
    expect(coop).toMatchObject({ status: 'timed_out', truncated: true });
    expect(coop?.opportunities).toBeGreaterThan(0);
    expect(final.opportunities.some((o) => o.strategy === 'cooperative')).toBe(true);
    expect(final.state).toBe('partial');
  });

  it('isolates faults: throwing and exiting strategies fail with a code, the others are unaffected', async () => {
    const final = await waitForFinal(registry, registry.create(scanRequest(['throws', 'exits', 'fast'])));
    expect(final.state).toBe('partial');
    expect(statuses(final)).toEqual({ throws: 'failed', exits: 'failed', fast: 'succeeded' });
    expect(final.strategies.map((s) => s.error?.code)).toEqual(['STRATEGY_FAILED', 'WORKER_CRASHED', undefined]);
    await until(() => pool.stats.threads === 2);
  });

  it('cancels: running tasks are stopped, queued ones skipped, finished results kept', async () => {
    const id = registry.create(scanRequest(['fast', 'spins', 'slow', 'fast_b', 'empty']));
    await until(() => {
      const s = registry.snapshot(id);
      return s?.progress.running === 2 && s.progress.succeeded >= 1;
    });
    const before = statuses(registry.snapshot(id) as ScanSnapshot);
    // Two long strategies hold both threads; whatever had not started yet is still queued.
    expect(Object.values(before).filter((s) => s === 'queued').length).toBeGreaterThan(0);
    expect(registry.cancel(id)).toBe(true);
    const final = registry.snapshot(id) as ScanSnapshot;
    expect(final.state).toBe('cancelled');
    expect(final.done).toBe(true);
    const becomes = { succeeded: 'succeeded', running: 'cancelled', queued: 'skipped' } as Record<string, string>;
    expect(statuses(final)).toEqual(Object.fromEntries(Object.entries(before).map(([k, v]) => [k, becomes[v]])));
    expect(final.opportunities.length).toBeGreaterThan(0);
    await until(() => pool.stats.running === 0 && pool.stats.queued === 0);
    expect(pool.stats).toMatchObject({ running: 0, threads: 2, queued: 0 });
    expect(registry.cancel(id)).toBe(true); // cancelling a final scan is a no-op
    expect(registry.snapshot(id)?.version).toBe(final.version);
  });

  it('places a scan created elsewhere: same id, creation time and deadline, versions continuing the shared store’s', async () => {
    const createdAt = Date.now() - 300; // it waited 300 ms in a shared queue
    const seen: number[] = [];
    registry.onChange((s) => {
      if (s.id === 'placed-scan-1') seen.push(s.version);
    });
    const id = registry.create(scanRequest(['t50'], { budgetMs: 5_000 }), { id: 'placed-scan-1', createdAt, version: 2 });
    expect(id).toBe('placed-scan-1');
    expect(registry.snapshot(id)).toMatchObject({ version: 2, createdAt: new Date(createdAt).toISOString(), deadlineAt: new Date(createdAt + 5_000).toISOString() });
    const final = await waitForFinal(registry, id);
    expect(final.state).toBe('complete');
    // Every version reaches onChange, the first and the final one included, in order.
    expect(seen[0]).toBe(2);
    expect(seen.at(-1)).toBe(final.version);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
  });

  it('ends a placed scan at its original deadline: the time it waited counts against its budget', async () => {
    const createdAt = Date.now() - 4_700;
    const id = registry.create(scanRequest(['t1500'], { budgetMs: 5_000 }), { id: 'placed-scan-2', createdAt, version: 2 });
    const final = await waitForFinal(registry, id);
    expect(final.state).not.toBe('complete');
    expect(Date.parse(final.finishedAt ?? '')).toBeLessThan(createdAt + 5_000 + 1_000);
  });

  it('runs 200 scans started at once to a final state, with no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const ids = Array.from({ length: 200 }, (_, i) => registry.create(scanRequest(i % 10 === 0 ? ['fast', 'throws', 'spins'] : ['fast', 'fast_b'], { budgetMs: 20_000, strategyTimeoutMs: 100 })));
      const finals = await Promise.all(ids.map((id) => waitForFinal(registry, id)));
      expect(finals.every((f) => f.done)).toBe(true);
      expect(finals.filter((f) => f.state === 'complete')).toHaveLength(180);
      expect(finals.filter((f) => f.state === 'partial')).toHaveLength(20);
      await until(() => pool.stats.threads === 2 && pool.stats.running === 0);
      expect(pool.stats).toMatchObject({ threads: 2, running: 0, queued: 0 });
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('ScanRegistry retention', () => {
  // Each test builds its own core (its own one-thread pool): a registry's retention settings are the process's.
  const core = coresClosedAfterEach({ SCANNER_THREADS: '1' });

  it('drops a finished scan once its TTL has passed (simulated clock)', async () => {
    const clock = new SimulatedClock();
    clock.set(Date.now());
    const dropped: string[] = [];
    const { registry } = core({ SCANNER_RESULT_TTL_MS: '1000' }, { onDrop: (id) => dropped.push(id) }, { clock });
    const id = registry.create(scanRequest(['fast'], { budgetMs: 60_000 }));
    await waitForFinal(registry, id);
    clock.increment(999);
    expect(registry.snapshot(id)?.state).toBe('complete');
    clock.increment(1);
    expect(registry.snapshot(id)).toBeUndefined();
    expect(dropped).toEqual([id]);
    expect(registry.retainedCount).toBe(0);
  });

  it('keeps at most maxRetained finished scans, dropping the oldest first', async () => {
    const { registry } = core({ SCANNER_MAX_RETAINED: '2' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(registry.create(scanRequest(['fast'])));
      await waitForFinal(registry, ids[i] as string);
    }
    expect(ids.map((id) => registry.has(id))).toEqual([false, true, true]);
    expect(registry.retainedCount).toBe(2);
  });

  it('lists a user’s scans newest first and finds the running one', async () => {
    const { registry } = core();
    const a = registry.create(scanRequest(['fast'], { userId: 'alice' }));
    await waitForFinal(registry, a);
    const b = registry.create(scanRequest(['slow'], { userId: 'alice' }));
    registry.create(scanRequest(['fast'], { userId: 'bob' }));
    expect(registry.list('alice', 10).map((s) => s.id)).toEqual([b, a]);
    expect(registry.activeScanOf('alice')).toBe(b);
    expect(registry.ownerOf(b)).toBe('alice');
  });
});
