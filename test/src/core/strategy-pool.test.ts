// The strategy pool on real worker threads: two-phase deadlines, fault isolation, and shared market data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StrategyPool } from '../../../src/core/strategy-pool.js';
import type { MarketData } from '../../../workers/market-data.js';
import { createFixturePool, taskRequest } from '../../support/engine.js';
import { until } from '../../support/until.js';

const request = taskRequest;

/** A terminated worker is replaced asynchronously (~30 ms): wait until the pool is back at its bound and idle. */
function settleThreads(pool: StrategyPool, threads: number): Promise<void> {
  return until(() => pool.stats.threads === threads && pool.stats.running === 0);
}

describe('StrategyPool', () => {
  let pool: StrategyPool;
  beforeAll(async () => {
    pool = createFixturePool({ threads: 2 });
    await pool.run(request('fast')); // warm both module caches before timing anything
  });
  afterAll(() => pool.close());

  it('runs a strategy and reports when it started and the deadline it applies', async () => {
    const starts: Array<[number, number]> = [];
    const before = Date.now();
    const outcome = await pool.run(request('fast', { strategyTimeoutMs: 700 }), { onStart: (at, deadline) => starts.push([at, deadline]) });
    expect(outcome).toMatchObject({ status: 'succeeded', truncated: false });
    expect(outcome.status === 'succeeded' && outcome.opportunities).toHaveLength(2);
    expect(starts).toHaveLength(1);
    const [at, deadline] = starts[0] as [number, number];
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(deadline - at).toBeCloseTo(700, 0);
  });

  it('stops a cooperative strategy at its deadline and keeps what it found, marked truncated', async () => {
    const outcome = await pool.run(request('cooperative', { strategyTimeoutMs: 150 }));
    expect(outcome.status).toBe('timed_out');
    if (outcome.status !== 'timed_out') return;
    expect(outcome.truncated).toBe(true);
    expect(outcome.opportunities.length).toBeGreaterThan(0);
  });

  it('terminates a strategy that never polls the stop flag, and the replaced worker serves the next task', async () => {
    const started = Date.now();
    const outcome = await pool.run(request('spins', { strategyTimeoutMs: 150 }));
    const elapsed = Date.now() - started;
    expect(outcome).toMatchObject({ status: 'timed_out', truncated: true, opportunities: [] });
    expect(elapsed).toBeGreaterThanOrEqual(150 + pool.graceMs - 5);
    expect(elapsed).toBeLessThan(2_000); // generous: the abort itself takes a few ms
    await settleThreads(pool, 2);
    expect(pool.stats.threads).toBe(2);
    expect(await pool.run(request('fast'))).toMatchObject({ status: 'succeeded' });
  });

  it('reports a throwing strategy as failed with its message', async () => {
    const outcome = await pool.run(request('throws'));
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'STRATEGY_FAILED', message: 'fixture strategy failed on purpose' } });
  });

  it('reports a strategy that calls process.exit as failed, and the pool recovers', async () => {
    const outcome = await pool.run(request('exits'));
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'WORKER_CRASHED' } });
    await settleThreads(pool, 2);
    expect(await pool.run(request('fast'))).toMatchObject({ status: 'succeeded' });
  });

  it('reports an unknown strategy id as failed with UNKNOWN_STRATEGY', async () => {
    expect(await pool.run(request('no_such_strategy'))).toMatchObject({ status: 'failed', error: { code: 'UNKNOWN_STRATEGY' } });
  });

  it('never starts a task whose scan must already stop', async () => {
    const outcome = await pool.run(request('fast', { scanDeadlineAt: Date.now() + 10 }));
    expect(outcome.status).toBe('skipped');
  });

  it('removes a queued task when its signal aborts, without touching a worker', async () => {
    const busy = [pool.run(request('slow')), pool.run(request('slow'))];
    const abort = new AbortController();
    let started = false;
    const queued = pool.run(request('fast'), { signal: abort.signal, onStart: () => (started = true) });
    abort.abort();
    expect(await queued).toMatchObject({ status: 'skipped' });
    expect(started).toBe(false);
    await Promise.all(busy);
  });
});

describe('StrategyPool start-up', () => {
  it('is ready once every worker, the warm spare included, has loaded its modules', async () => {
    const pool = createFixturePool({ threads: 2 });
    try {
      await pool.ready();
      expect(pool.stats.workers).toBe(3);
      expect(await pool.run(request('fast'))).toMatchObject({ status: 'succeeded' });
    } finally {
      await pool.close();
    }
  });
});

describe('StrategyPool with a heap limit', () => {
  it('reports a strategy that runs out of memory as failed, and the pool recovers', async () => {
    const pool = createFixturePool({ threads: 1, workerHeapMb: 48 });
    try {
      const outcome = await pool.run(request('oom'));
      expect(outcome).toMatchObject({ status: 'failed', error: { code: 'WORKER_OUT_OF_MEMORY' } });
      await settleThreads(pool, 1);
      expect(await pool.run(request('fast'))).toMatchObject({ status: 'succeeded' });
    } finally {
      await pool.close();
    }
  });
});

describe('StrategyPool market data', () => {
  it('hands workers the market as shared memory, not a copy', async () => {
    const shared = (values: number[]): Float64Array => {
      const array = new Float64Array(new SharedArrayBuffer(values.length * 8));
      array.set(values);
      return array;
    };
    const series = { symbol: 'AAA', time: shared([1, 2]), open: shared([1, 1]), high: shared([2, 2]), low: shared([1, 1]), close: shared([1.5, 1.6]), volume: shared([10, 10]) };
    const market = { source: 'synthetic', intervalMs: 60_000, symbols: ['AAA'], series: [series] } as MarketData;
    const pool = createFixturePool({ threads: 1, market });
    try {
      const outcome = await pool.run(request('market_probe'));
      expect(outcome.status === 'succeeded' && outcome.opportunities[0]?.rationale).toBe('close backed by SharedArrayBuffer, length 2');
    } finally {
      await pool.close();
    }
  });
});
