// The scheduler on real worker threads, with fixture strategies of fixed cost (t20 … t1500 spin for that long), so what
// is asserted is the order and the outcome, not this machine's speed.
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanRequest } from '../../../src/core/scan-registry.js';
import { createScanService, type HarnessOptions, type ScanService, type SchedulingOptions } from '../../../src/core/scan-service.js';
import type { ScanSnapshot } from '../../../src/core/scan-snapshot.js';
import { emptyMarket } from '../../../workers/market-data.js';
import { fixtureCatalogueUrl, scanRequest, waitForFinal } from '../../support/engine.js';
import { until } from '../../support/until.js';

const open: ScanService[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function engine(threads: number, switches: SchedulingOptions & HarnessOptions = {}, onQuarantine?: (id: string, on: boolean) => void): ScanService {
  const { policy, crossScan, chunking, ...scheduling } = switches;
  const service = createScanService({ market: emptyMarket(), threads, catalogueUrl: fixtureCatalogueUrl, scheduling, harness: { policy, crossScan, chunking }, onQuarantine });
  open.push(service);
  return service;
}

const run = (service: ScanService, strategies: string[], overrides: Partial<ScanRequest> = {}): Promise<ScanSnapshot> =>
  waitForFinal(service.registry, service.registry.create(scanRequest(strategies, overrides)));

const statusOf = (snapshot: ScanSnapshot, id: string) => snapshot.strategies.find((s) => s.id === id);
const startOf = (snapshot: ScanSnapshot, id: string): number => Date.parse(statusOf(snapshot, id)?.startedAt ?? 'NaN');
const succeeded = (snapshot: ScanSnapshot): string[] => snapshot.strategies.filter((s) => s.status === 'succeeded').map((s) => s.id).sort();

/** Teaches the engine the fixtures' costs with one loose scan. */
const learn = (service: ScanService, strategies: string[]) => run(service, strategies, { budgetMs: 20_000, strategyTimeoutMs: 20_000 });

describe('budget-aware planning', () => {
  it('finishes the most strategies that fit a tight budget, where longest-first finishes none', async () => {
    const strategies = ['t400', 't200', 't100', 't50', 't20'];
    const planned = engine(1);
    const longestFirst = engine(1, { policy: 'longest_first' });
    await Promise.all([learn(planned, strategies), learn(longestFirst, strategies)]);
    const [mine, theirs] = await Promise.all([run(planned, strategies, { budgetMs: 300 }), run(longestFirst, strategies, { budgetMs: 300 })]);
    expect(mine.plan?.policy).toBe('most_finished');
    expect(succeeded(mine)).toEqual(['t100', 't20', 't50']);
    expect(succeeded(theirs)).toEqual([]);
    expect(statusOf(mine, 't400')?.expectedMs).toBeGreaterThanOrEqual(400);
  });

  it('plans longest first when everything fits, and says when it expects to finish', async () => {
    const service = engine(2);
    await learn(service, ['t200', 't100', 't50']);
    const final = await run(service, ['t50', 't100', 't200'], { budgetMs: 5_000 });
    expect(final.plan?.policy).toBe('longest_first');
    expect(Date.parse(final.plan?.predictedFinishAt ?? 'NaN')).toBeGreaterThan(Date.parse(final.createdAt));
    expect(startOf(final, 't200')).toBeLessThanOrEqual(startOf(final, 't50'));
    expect(final.state).toBe('complete');
  });

  it('skips a strategy with WOULD_MISS_DEADLINE when it could not finish and the thread always had work that could', async () => {
    const service = engine(1);
    await learn(service, ['t400', 't200', 't100', 't50', 't20']);
    const tight = service.registry.create(scanRequest(['t400'], { userId: 'tight', budgetMs: 300 }));
    const loose = service.registry.create(scanRequest(['t20', 't50', 't100', 't200'], { userId: 'loose', budgetMs: 3_000 }));
    const [t, l] = await Promise.all([waitForFinal(service.registry, tight), waitForFinal(service.registry, loose)]);
    expect(statusOf(t, 't400')).toMatchObject({ status: 'skipped', error: { code: 'WOULD_MISS_DEADLINE' }, startedAt: null });
    expect(l.state).toBe('complete');
  });
});

describe('earliest deadline first across scans', () => {
  it("starts a tight scan's task before the rest of a long scan posted earlier", async () => {
    const service = engine(1);
    await learn(service, ['t200', 't100', 't50', 't20']);
    const long = service.registry.create(scanRequest(['t200', 't100', 't50'], { userId: 'long', budgetMs: 10_000 }));
    await until(() => service.registry.snapshot(long)?.progress.running === 1);
    const tight = service.registry.create(scanRequest(['t20'], { userId: 'tight', budgetMs: 600 }));
    const [l, t] = await Promise.all([waitForFinal(service.registry, long), waitForFinal(service.registry, tight)]);
    expect(t.state).toBe('complete');
    const longStarts = l.strategies.map((s) => Date.parse(s.startedAt as string)).sort((a, b) => a - b);
    expect(startOf(t, 't20')).toBeLessThan(longStarts[1] as number);
  });

  it('with a FIFO queue across scans, the tight scan waits behind the whole long one (what EDF fixes)', async () => {
    const service = engine(1, { crossScan: 'fifo' });
    await learn(service, ['t200', 't100', 't50', 't20']);
    const long = service.registry.create(scanRequest(['t200', 't100', 't50'], { userId: 'long', budgetMs: 10_000 }));
    await until(() => service.registry.snapshot(long)?.progress.running === 1);
    const tight = service.registry.create(scanRequest(['t20'], { userId: 'tight', budgetMs: 600 }));
    const [l, t] = await Promise.all([waitForFinal(service.registry, long), waitForFinal(service.registry, tight)]);
    const lastLong = Math.max(...l.strategies.map((s) => Date.parse(s.startedAt as string)));
    expect(statusOf(t, 't20')?.status === 'skipped' || startOf(t, 't20') > lastLong).toBe(true);
  });

  it("removes a cancelled scan's queued tasks from the queue at once", async () => {
    const service = engine(1);
    const id = service.registry.create(scanRequest(['t400', 't200', 't100', 't50']));
    await until(() => service.registry.snapshot(id)?.progress.running === 1);
    expect(service.pool.dispatcher.queued).toBe(3);
    service.registry.cancel(id);
    expect(service.pool.dispatcher.queued).toBe(0);
    expect(service.registry.snapshot(id)?.progress).toMatchObject({ cancelled: 1, skipped: 3 });
  });
});

describe('runaway quarantine', () => {
  it('plans a strategy hard-killed in consecutive runs after every other, and lifts it once the strategy finishes', async () => {
    const changes: Array<[string, boolean]> = [];
    const service = engine(1, { quarantineAfter: 2 }, (id, on) => changes.push([id, on]));
    const runaway = { budgetMs: 2_000, strategyTimeoutMs: 100 };
    for (let i = 0; i < 2; i++) expect(statusOf(await run(service, ['runaway', 't20'], runaway), 'runaway')?.status).toBe('timed_out');
    expect(changes).toEqual([['runaway', true]]);
    const quarantined = await run(service, ['runaway', 't20'], runaway);
    expect(statusOf(quarantined, 'runaway')).toMatchObject({ quarantined: true, status: 'timed_out' });
    expect(startOf(quarantined, 't20')).toBeLessThan(startOf(quarantined, 'runaway'));

    const cured = await run(service, ['runaway'], { ...runaway, params: { symbols: ['TAME'], portfolio: {} } });
    expect(statusOf(cured, 'runaway')).toMatchObject({ status: 'succeeded', quarantined: true });
    expect(changes).toEqual([['runaway', true], ['runaway', false]]);
    const after = await run(service, ['t20', 'runaway'], { ...runaway, params: { symbols: ['TAME'], portfolio: {} } });
    expect(statusOf(after, 'runaway')?.quarantined).toBe(false);
    expect(service.pool.quarantine.list()).toEqual([]);
  });

  it('never quarantines when turned off', async () => {
    const service = engine(1, { quarantineAfter: 0 });
    for (let i = 0; i < 2; i++) await run(service, ['runaway'], { budgetMs: 1_000, strategyTimeoutMs: 100 });
    expect(service.pool.quarantine.isQuarantined('runaway')).toBe(false);
  });
});

describe('capacity after a hard abort', () => {
  /** When `fast` started, relative to the hard abort of `spins` and the first worker created after it. */
  async function afterAbort(spareThreads: number): Promise<{ fastStart: number; abortAt: number; replacementAt: number }> {
    const service = engine(1, { spareThreads });
    await run(service, ['fast']); // workers up
    const final = await run(service, ['spins', 'fast'], { strategyTimeoutMs: 100 });
    expect(statusOf(final, 'spins')?.status).toBe('timed_out');
    const marks = service.poolTimeline.view(Date.now()).marks;
    const abortAt = marks.find((m) => m.type === 'hard_abort')?.at as number;
    await until(() => service.poolTimeline.view(Date.now()).marks.some((m) => m.type === 'worker_created' && m.at > abortAt));
    const replacementAt = service.poolTimeline.view(Date.now()).marks.find((m) => m.type === 'worker_created' && m.at > abortAt)?.at as number;
    return { fastStart: startOf(final, 'fast'), abortAt, replacementAt };
  }

  it('starts the next queued task on the warm spare, without waiting for the replacement worker', async () => {
    const { fastStart, abortAt, replacementAt } = await afterAbort(1);
    expect(fastStart).toBeGreaterThanOrEqual(abortAt);
    expect(fastStart).toBeLessThan(replacementAt);
  });

  it('without a spare, the next task waits for the replacement worker', async () => {
    const { fastStart, replacementAt } = await afterAbort(0);
    expect(fastStart).toBeGreaterThanOrEqual(Math.floor(replacementAt)); // snapshot times are whole ms
  });
});
