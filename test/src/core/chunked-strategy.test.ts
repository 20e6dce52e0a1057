// A chunked strategy (workers/strategy-types.ts, ChunkedWork) runs as one pool task per chunk, in parallel, under the
// strategy's and the scan's deadlines; its reduce runs once over the chunks that finished. Fixture strategies of known
// cost (test/fixtures/fixture-catalogue.ts): `chunked` is 12 chunks of 100 ms; `chunk_throws` and `chunk_exits` fail in
// their third chunk.
import { describe, expect, it } from 'vitest';
import type { ScanService } from '../../../src/core/scan-service.js';
import type { ScanSnapshot, StrategySnapshot } from '../../../src/core/scan-snapshot.js';
import type { StrategyPool } from '../../../src/core/strategy-pool.js';
import { coresClosedAfterEach, scanRequest, waitForFinal } from '../../support/engine.js';
import { until } from '../../support/until.js';

const cores = coresClosedAfterEach();

/** A core (2 threads, 50 ms grace) whose cost model already knows `chunked` (1.2 s of CPU), so it is split as the engine would split it. */
async function engine(): Promise<ScanService> {
  const core = cores({ SCANNER_THREADS: '2', SCANNER_GRACE_MS: '50' });
  await core.pool.ready();
  for (const id of ['chunked', 'chunk_throws', 'chunk_exits']) core.costModel.observe(id, 2, { kind: 'finished', ms: 1_200 });
  return core;
}

const record = (snapshot: ScanSnapshot, id: string): StrategySnapshot => snapshot.strategies.find((s) => s.id === id) as StrategySnapshot;

const chunkSpans = (pool: StrategyPool, strategy: string) =>
  pool.timeline.view(Date.now(), 0).spans.filter((s) => s.strategy === strategy && s.chunk !== undefined);

describe('a chunked strategy', () => {
  it('runs its chunks in parallel on every thread and reduces all of them', async () => {
    const { pool, registry } = await engine();
    const final = await waitForFinal(registry, registry.create(scanRequest(['chunked'], { budgetMs: 10_000 })));
    expect(final.state).toBe('complete');
    expect(record(final, 'chunked')).toMatchObject({ status: 'succeeded', truncated: false, chunks: { total: 12, done: 12 }, coverage: 1, opportunities: 12 });
    const spans = chunkSpans(pool, 'chunked');
    expect(spans).toHaveLength(12);
    // Two chunks on two threads start before either of them ends.
    const [first, second] = [...spans].sort((a, b) => a.startedAt - b.startedAt);
    expect(second?.startedAt).toBeLessThan(first?.endedAt as number);
    expect(new Set(spans.map((s) => s.threadId)).size).toBe(2);
    expect(spans.map((s) => s.chunk?.total)).toEqual(new Array(12).fill(12));
  });

  it('shows its chunk progress in the snapshot while it runs', async () => {
    const { registry } = await engine();
    const id = registry.create(scanRequest(['chunked'], { budgetMs: 10_000 }));
    const seen: Array<{ total: number; done: number } | null> = [];
    registry.subscribe(id, (snapshot) => seen.push(record(snapshot, 'chunked').chunks));
    await waitForFinal(registry, id);
    expect(seen).toContainEqual({ total: 12, done: 0 });
    expect(seen.some((c) => c !== null && c.done > 0 && c.done < 12)).toBe(true);
  });

  it('at the deadline reduces the chunks that finished: timed out, truncated, coverage below 1', async () => {
    const { pool, registry } = await engine();
    // 1.2 s of chunks on 2 threads cannot finish in 600 ms; about half of them can.
    const final = await waitForFinal(registry, registry.create(scanRequest(['chunked'], { budgetMs: 600 })));
    const chunked = record(final, 'chunked');
    expect(final.state).toBe('failed');
    expect(chunked).toMatchObject({ status: 'timed_out', truncated: true });
    expect(chunked.coverage).toBeGreaterThan(0);
    expect(chunked.coverage).toBeLessThan(1);
    expect(chunked.opportunities).toBe(chunked.chunks?.done);
    expect(chunked.coverage).toBeCloseTo((chunked.chunks?.done ?? 0) / 12, 3);
    // Nothing of it runs past the scan's deadline.
    await until(() => pool.stats.running === 0 && pool.stats.queued === 0);
    const lastEnd = Math.max(...chunkSpans(pool, 'chunked').map((s) => s.endedAt ?? Infinity));
    expect(lastEnd).toBeLessThanOrEqual(Date.parse(final.deadlineAt) + 50);
  });

  it('stops every chunk when the scan is cancelled', async () => {
    const { pool, registry } = await engine();
    const id = registry.create(scanRequest(['chunked'], { budgetMs: 10_000 }));
    await until(() => (record(registry.snapshot(id) as ScanSnapshot, 'chunked').chunks?.done ?? 0) >= 1);
    registry.cancel(id);
    const final = await waitForFinal(registry, id);
    expect(final.state).toBe('cancelled');
    expect(record(final, 'chunked').status).toBe('cancelled');
    // Queued chunks leave the queue at once; running ones stop at their next stop-check.
    await until(() => pool.stats.running === 0 && pool.stats.queued === 0, 1_000);
    expect(chunkSpans(pool, 'chunked').length).toBeLessThan(12);
  });

  it('fails with the error of a chunk that throws, and stops its other chunks; other strategies are untouched', async () => {
    const { pool, registry } = await engine();
    const final = await waitForFinal(registry, registry.create(scanRequest(['chunk_throws', 't50'], { budgetMs: 10_000 })));
    expect(record(final, 'chunk_throws')).toMatchObject({ status: 'failed', error: { code: 'STRATEGY_FAILED', message: 'fixture chunk 2 failed on purpose' } });
    expect(record(final, 't50').status).toBe('succeeded');
    expect(final.state).toBe('partial');
    await until(() => pool.stats.running === 0 && pool.stats.queued === 0);
  });

  it('fails only its own strategy when a chunk crashes its worker', async () => {
    const { pool, registry } = await engine();
    const final = await waitForFinal(registry, registry.create(scanRequest(['chunk_exits', 't50'], { budgetMs: 10_000 })));
    expect(record(final, 'chunk_exits')).toMatchObject({ status: 'failed', error: { code: 'WORKER_CRASHED' } });
    expect(record(final, 't50').status).toBe('succeeded');
    // The pool replaces the worker and goes on serving.
    const next = await waitForFinal(registry, registry.create(scanRequest(['chunked'], { budgetMs: 10_000 })));
    expect(next.state).toBe('complete');
    expect(pool.stats.workers).toBeGreaterThanOrEqual(2);
  });

  it('runs every chunk of background work, which has no deadline (start-up calibration)', async () => {
    const { pool } = await engine();
    const outcome = await pool.run({ scanId: null, strategy: 'chunked', params: { symbols: ['AAA', 'BBB'], portfolio: {} }, strategyTimeoutMs: 10_000, budgetMs: 10_000, scanDeadlineAt: Number.POSITIVE_INFINITY });
    expect(outcome).toMatchObject({ status: 'succeeded', chunks: { total: 12, done: 12 } });
  });

  it('learns its cost as the CPU of all its chunks together', async () => {
    const { pool, registry } = await engine();
    const seeded = pool.costModel.estimate('chunked', 2);
    expect(seeded).toMatchObject({ samples: 1, recent: [1_200] });
    await waitForFinal(registry, registry.create(scanRequest(['chunked'], { budgetMs: 10_000 })));
    // The run is folded in as one more observation (the seed alone would pass any check on the estimate itself) …
    await until(() => pool.costModel.estimate('chunked', 2)?.samples === 2, 2_000);
    const learned = pool.costModel.estimate('chunked', 2);
    expect(learned?.recent).toHaveLength(2);
    // … and it is the 12 chunks' time together: each spins at least 100 ms, so never below 1.2 s, and far above one
    // chunk's 100 ms (the mistake this guards against). No upper bound: a loaded machine only makes it longer.
    expect(learned?.recent[1]).toBeGreaterThanOrEqual(12 * 100);
    expect(learned?.censored).toBe(false);
  });
});
