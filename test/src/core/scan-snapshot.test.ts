// Snapshots built without an actor (src/core/scan-snapshot.ts): the `initiated` one of a new scan, the final one of a scan
// whose actor failed, and a served strategy turned back into the record it came from.
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback } from 'xstate';
import { scanMachine } from '../../../machines/scan-machine.js';
import type { ScanInput } from '../../../machines/scan-types.js';
import { initiatedSnapshot, settledSnapshot, strategyRecordOf, strategySnapshot, toScanSnapshot } from '../../../src/core/scan-snapshot.js';

const T0 = Date.UTC(2026, 11, 7, 12);
const input: ScanInput = {
  strategies: ['a', 'b'], budgetMs: 2_000, strategyTimeoutMs: 500, createdAt: T0, scanId: 'scan-1', params: { symbols: ['AAA'] },
  plan: { policy: 'longest_first', predictedFinishAt: T0 + 800, expectedMs: { a: 300, b: null }, quarantined: ['b'] },
};

describe('initiatedSnapshot', () => {
  it('is the snapshot the scan machine starts with, before any actor exists', () => {
    const actor = createActor(scanMachine.provide({ actors: { runStrategy: fromCallback(() => undefined) } }), { input });
    const fromActor = toScanSnapshot({ id: 'scan-1', userId: 'alice', instance: null, state: 'initiated', context: actor.getSnapshot().context, finishedAt: null }, T0);
    expect(initiatedSnapshot(input, 'alice')).toEqual(fromActor);
  });

  it('is state initiated, version 1, every strategy queued, waiting for an instance', () => {
    const snapshot = initiatedSnapshot(input, 'alice');
    expect(snapshot).toMatchObject({ id: 'scan-1', userId: 'alice', state: 'initiated', done: false, version: 1, instance: null, elapsedMs: 0 });
    expect(snapshot.deadlineAt).toBe(new Date(T0 + 2_000).toISOString());
    expect(snapshot.progress).toMatchObject({ total: 2, queued: 2 });
    expect(snapshot.strategies.map((s) => [s.id, s.status, s.expectedMs, s.quarantined])).toEqual([['a', 'queued', 300, false], ['b', 'queued', null, true]]);
  });

  it('continues a version and names an instance when given them', () => {
    expect(initiatedSnapshot({ ...input, version: 4 }, 'alice', 'i-1')).toMatchObject({ version: 4, instance: 'i-1' });
  });
});

describe('settledSnapshot', () => {
  it('ends a scan whose actor failed: state failed, its unsettled strategies failed with SCAN_ERROR, one version later', () => {
    const actor = createActor(scanMachine.provide({ actors: { runStrategy: fromCallback(() => undefined) } }), { input });
    const { context } = actor.getSnapshot();
    const final = settledSnapshot({ id: 'scan-1', userId: 'alice', instance: 'i-1', context }, 'actor_error', T0 + 100);
    expect(final).toMatchObject({ state: 'failed', done: true, version: 2, finishedAt: new Date(T0 + 100).toISOString(), elapsedMs: 100 });
    expect(final.strategies.map((s) => [s.status, s.error?.code])).toEqual([['failed', 'SCAN_ERROR'], ['failed', 'SCAN_ERROR']]);
  });
});

describe('strategyRecordOf', () => {
  it('gives back the record a served strategy came from, to the ms', () => {
    const record = {
      id: 'a', status: 'timed_out' as const, startedAt: T0 + 10, finishedAt: T0 + 510, deadlineAt: T0 + 510, opportunities: 3, truncated: true,
      error: { code: 'STRATEGY_TIMEOUT' as const, message: 'stopped at its deadline' }, expectedMs: 420, quarantined: false,
      chunks: { total: 4, done: 3 }, coverage: 0.75,
    };
    expect(strategyRecordOf(strategySnapshot(record, T0 + 600))).toEqual(record);
  });

  it('leaves a running strategy unfinished', () => {
    const running = strategyRecordOf({ id: 'b', status: 'running', startedAt: new Date(T0).toISOString(), durationMs: 40, deadlineAt: null, opportunities: 0, truncated: false, expectedMs: null, quarantined: false, chunks: null, coverage: null });
    expect(running).toMatchObject({ status: 'running', startedAt: T0, finishedAt: null, error: null });
  });
});
