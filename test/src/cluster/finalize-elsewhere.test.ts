// Final snapshots written by an instance that does not run the scan (src/cluster/finalize-elsewhere.ts): what settled
// keeps its results, what did not ends as the reason says (the rules of machines/settle.ts), one version later.
import { describe, expect, it } from 'vitest';
import type { ScanSnapshot, StrategySnapshot } from '../../../src/core/scan-snapshot.js';
import { finalizeElsewhere } from '../../../src/cluster/finalize-elsewhere.js';

const T0 = Date.UTC(2026, 10, 29, 12);

function strategy(id: string, status: StrategySnapshot['status'], opportunities = 0): StrategySnapshot {
  const started = status !== 'queued';
  return {
    id, status, startedAt: started ? new Date(T0 + 10).toISOString() : null, durationMs: started ? 100 : null, deadlineAt: null,
    opportunities, truncated: false, expectedMs: 100, quarantined: false, chunks: null, coverage: status === 'succeeded' ? 1 : null,
  };
}

function running(strategies: StrategySnapshot[]): ScanSnapshot {
  return {
    id: 'scan-1', userId: 'alice', state: 'running', done: false, version: 7, createdAt: new Date(T0).toISOString(),
    startedAt: new Date(T0 + 10).toISOString(), finishedAt: null, budgetMs: 5_000, deadlineAt: new Date(T0 + 5_000).toISOString(),
    elapsedMs: 300, progress: { total: 0, queued: 0, running: 0, succeeded: 0, failed: 0, timedOut: 0, cancelled: 0, skipped: 0 },
    strategies, opportunities: [], plan: null, instance: 'a',
  };
}

describe('finalizeElsewhere', () => {
  it('keeps what settled and fails the rest with INSTANCE_LOST when the owner is lost', () => {
    const stored = running([strategy('done', 'succeeded', 3), strategy('busy', 'running'), strategy('waiting', 'queued')]);
    const final = finalizeElsewhere(stored, 'instance_lost', T0 + 2_000);
    expect(final).toMatchObject({ state: 'partial', done: true, version: 8, finishedAt: new Date(T0 + 2_000).toISOString(), elapsedMs: 2_000 });
    expect(final.strategies.map((s) => [s.id, s.status, s.error?.code ?? null])).toEqual([
      ['done', 'succeeded', null],
      ['busy', 'failed', 'INSTANCE_LOST'],
      ['waiting', 'failed', 'INSTANCE_LOST'],
    ]);
    expect(final.strategies[0]).toBe(stored.strategies[0]);
    expect(final.progress).toMatchObject({ total: 3, succeeded: 1, failed: 2, running: 0, queued: 0 });
  });

  it('skips every strategy of a scan no instance took in time, with NOT_PLACED', () => {
    const final = finalizeElsewhere(running([strategy('a', 'queued'), strategy('b', 'queued')]), 'not_placed', T0 + 6_000);
    expect(final.state).toBe('failed');
    expect(final.strategies.map((s) => [s.status, s.error?.code])).toEqual([
      ['skipped', 'NOT_PLACED'],
      ['skipped', 'NOT_PLACED'],
    ]);
  });

  it('cancels a queued scan: nothing ran, everything skipped, state cancelled', () => {
    const final = finalizeElsewhere(running([strategy('a', 'queued')]), 'cancelled', T0 + 50);
    expect(final).toMatchObject({ state: 'cancelled', done: true, progress: { skipped: 1 } });
  });

  it('cancels a running strategy as the scan machine does: cancelled and truncated, its duration up to the cancel', () => {
    const final = finalizeElsewhere(running([strategy('busy', 'running'), strategy('waiting', 'queued')]), 'cancelled', T0 + 510);
    expect(final.strategies.map((s) => [s.id, s.status, s.truncated, s.durationMs])).toEqual([
      ['busy', 'cancelled', true, 500],
      ['waiting', 'skipped', false, null],
    ]);
  });

  it('calls a scan whose strategies had all succeeded complete', () => {
    expect(finalizeElsewhere(running([strategy('a', 'succeeded')]), 'instance_lost', T0 + 50).state).toBe('complete');
  });
});
