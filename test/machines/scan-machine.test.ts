// The scan statechart on its own: a fake strategy runner and XState's simulated clock, no threads and no wall time.
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, SimulatedClock, type EventObject } from 'xstate';
import { scanMachine } from '../../machines/scan-machine.js';
import type { Opportunity } from '../../machines/opportunity.js';
import type { RunStrategyInput, ScanEvent, ScanInput, ScanPlanInfo } from '../../machines/scan-types.js';

const T0 = 1_700_000_000_000;

function opp(strategy: string, confidence: number, expectedReturnPct: number, riskPct = 1): Opportunity {
  return { strategy, symbols: ['AAA'], side: 'long', confidence, expectedReturnPct, riskPct, horizon: '1h', entry: 1, stop: 0.9, target: 1.1, rationale: '' };
}

/** A runner the test drives by hand: it records each child's sendBack so the test can report progress. */
function manualRunner() {
  const children = new Map<string, (event: ScanEvent) => void>();
  const stopped: string[] = [];
  const logic = fromCallback<EventObject, RunStrategyInput>(({ input, sendBack }) => {
    children.set(input.strategy, sendBack as (event: ScanEvent) => void);
    return () => stopped.push(input.strategy);
  });
  const send = (strategy: string, event: ScanEvent): void => children.get(strategy)?.(event);
  return { logic, children, stopped, send };
}

function startScan(strategies: string[], budgetMs = 1_000, plan?: ScanPlanInfo) {
  const runner = manualRunner();
  const clock = new SimulatedClock();
  const input: ScanInput = { strategies, budgetMs, strategyTimeoutMs: 500, createdAt: T0, scanId: 'scan-1', params: { symbols: ['AAA'] }, plan };
  const actor = createActor(scanMachine.provide({ actors: { runStrategy: runner.logic } }), { input, clock });
  actor.subscribe({ error: (err) => { throw err; } });
  actor.start();
  const started = (s: string, at = T0 + 10) => runner.send(s, { type: 'STRATEGY.STARTED', strategy: s, at, deadlineAt: at + 500 });
  const succeeded = (s: string, found: Opportunity[] = [], at = T0 + 50) =>
    runner.send(s, { type: 'STRATEGY.SETTLED', strategy: s, outcome: { status: 'succeeded', at, opportunities: found, truncated: false } });
  const failed = (s: string, at = T0 + 50) =>
    runner.send(s, { type: 'STRATEGY.SETTLED', strategy: s, outcome: { status: 'failed', at, error: { code: 'STRATEGY_FAILED', message: 'x' } } });
  return { actor, clock, runner, started, succeeded, failed };
}

describe('scan machine', () => {
  it('starts in initiated with every strategy queued and one runner per strategy', () => {
    const { actor, runner } = startScan(['a', 'b']);
    const snap = actor.getSnapshot();
    expect(snap.value).toBe('initiated');
    expect(Object.values(snap.context.strategies).map((r) => r.status)).toEqual(['queued', 'queued']);
    expect([...runner.children.keys()]).toEqual(['a', 'b']);
    expect(snap.context.deadlineAt).toBe(T0 + 1_000);
  });

  it("keeps the plan it is given: each strategy's expected cost and quarantine, the policy and the predicted finish", () => {
    const plan: ScanPlanInfo = { policy: 'most_finished', predictedFinishAt: T0 + 400, expectedMs: { a: 120, b: null }, quarantined: ['b'] };
    const { actor, runner } = startScan(['a', 'b'], 1_000, plan);
    const { context } = actor.getSnapshot();
    expect([...runner.children.keys()]).toEqual(['a', 'b']); // runners start in request order; the pool decides who runs
    expect(context.plan).toEqual({ policy: 'most_finished', predictedFinishAt: T0 + 400 });
    expect(context.strategies.a).toMatchObject({ expectedMs: 120, quarantined: false });
    expect(context.strategies.b).toMatchObject({ expectedMs: null, quarantined: true });
  });

  it('records why a strategy was skipped when the runner says so', () => {
    const { actor, runner, succeeded } = startScan(['a', 'b']);
    succeeded('a');
    const error = { code: 'WOULD_MISS_DEADLINE', message: 'not started' } as const;
    runner.send('b', { type: 'STRATEGY.SETTLED', strategy: 'b', outcome: { status: 'skipped', at: T0 + 900, error } });
    expect(actor.getSnapshot().value).toBe('partial');
    expect(actor.getSnapshot().context.strategies.b).toMatchObject({ status: 'skipped', error, startedAt: null });
  });

  it('moves to running when the first strategy starts', () => {
    const { actor, started } = startScan(['a', 'b']);
    started('a');
    expect(actor.getSnapshot().value).toBe('running');
    expect(actor.getSnapshot().context.strategies.a).toMatchObject({ status: 'running', startedAt: T0 + 10, deadlineAt: T0 + 510 });
  });

  it('ends complete when every strategy succeeded, with opportunities merged and ranked best first', () => {
    const { actor, started, succeeded } = startScan(['a', 'b']);
    started('a');
    started('b');
    succeeded('a', [opp('a', 5, 1), opp('a', 9, 4)]);
    expect(actor.getSnapshot().value).toBe('running');
    succeeded('b', [opp('b', 7, 2)]);
    const snap = actor.getSnapshot();
    expect(snap.status).toBe('done');
    expect(snap.value).toBe('complete');
    expect(snap.context.opportunities.map((o) => [o.strategy, o.confidence])).toEqual([['a', 9], ['b', 7], ['a', 5]]);
    expect(snap.output?.state).toBe('complete');
    expect(snap.output?.strategies.map((s) => s.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('ends partial when some succeeded and some failed, and failed when none succeeded', () => {
    const one = startScan(['a', 'b']);
    one.started('a');
    one.succeeded('a');
    one.failed('b');
    expect(one.actor.getSnapshot().value).toBe('partial');

    const two = startScan(['a', 'b']);
    two.started('a');
    two.failed('a');
    two.failed('b');
    expect(two.actor.getSnapshot().value).toBe('failed');
  });

  it('ends at the budget: running strategies timed out, queued ones skipped, finished results kept', () => {
    const { actor, clock, started, succeeded, runner } = startScan(['a', 'b', 'c'], 1_000);
    started('a');
    succeeded('a', [opp('a', 8, 2)]);
    started('b');
    clock.increment(999);
    expect(actor.getSnapshot().status).toBe('active');
    clock.increment(1);
    const snap = actor.getSnapshot();
    expect(snap.value).toBe('partial');
    expect(snap.context.strategies.b).toMatchObject({ status: 'timed_out', truncated: true, error: { code: 'STRATEGY_TIMEOUT' } });
    expect(snap.context.strategies.c).toMatchObject({ status: 'skipped', startedAt: null });
    expect(snap.context.opportunities).toHaveLength(1);
    // Reaching the final state stops every runner: their tasks are aborted, late reports go nowhere.
    expect(runner.stopped.sort()).toEqual(['a', 'b', 'c']);
  });

  it('shows a chunked strategy\'s progress while it runs and its coverage once settled', () => {
    const { actor, runner, started } = startScan(['split', 'whole']);
    runner.send('split', { type: 'STRATEGY.PROGRESS', strategy: 'split', chunks: { total: 8, done: 0 } });
    expect(actor.getSnapshot().context.strategies.split?.chunks).toBeNull(); // not running yet: nothing to show
    started('split');
    const before = actor.getSnapshot().context.version;
    runner.send('split', { type: 'STRATEGY.PROGRESS', strategy: 'split', chunks: { total: 8, done: 3 } });
    expect(actor.getSnapshot().context.strategies.split).toMatchObject({ chunks: { total: 8, done: 3 }, coverage: null });
    expect(actor.getSnapshot().context.version).toBe(before + 1);
    runner.send('split', {
      type: 'STRATEGY.SETTLED',
      strategy: 'split',
      outcome: { status: 'timed_out', at: T0 + 90, opportunities: [opp('split', 5, 1)], truncated: true, chunks: { total: 8, done: 6 } },
    });
    expect(actor.getSnapshot().context.strategies.split).toMatchObject({ status: 'timed_out', truncated: true, chunks: { total: 8, done: 6 }, coverage: 0.75 });
    started('whole');
    runner.send('whole', { type: 'STRATEGY.SETTLED', strategy: 'whole', outcome: { status: 'succeeded', at: T0 + 60, opportunities: [], truncated: false } });
    // A strategy run whole counts as one chunk.
    expect(actor.getSnapshot().context.strategies.whole).toMatchObject({ chunks: null, coverage: 1 });
  });

  it('starts its budget timer from what is left of the budget (a scan that waited in a shared queue)', () => {
    const runner = manualRunner();
    const clock = new SimulatedClock();
    const input: ScanInput = { strategies: ['a'], budgetMs: 1_000, budgetLeftMs: 300, version: 4, strategyTimeoutMs: 500, createdAt: T0, scanId: 'scan-2', params: {} };
    const actor = createActor(scanMachine.provide({ actors: { runStrategy: runner.logic } }), { input, clock });
    actor.start();
    expect(actor.getSnapshot().context).toMatchObject({ version: 4, deadlineAt: T0 + 1_000 });
    clock.increment(299);
    expect(actor.getSnapshot().status).toBe('active');
    clock.increment(1);
    expect(actor.getSnapshot().value).toBe('failed');
  });

  it('fails at the budget when nothing ever started (saturated pool)', () => {
    const { actor, clock } = startScan(['a'], 200);
    for (let t = 0; t < 200; t += 50) clock.increment(50);
    expect(actor.getSnapshot().value).toBe('failed');
    expect(actor.getSnapshot().context.strategies.a?.status).toBe('skipped');
  });

  it('keeps the opportunities a timed-out strategy found before it stopped, marked truncated', () => {
    const { actor, started, runner } = startScan(['a']);
    started('a');
    runner.send('a', { type: 'STRATEGY.SETTLED', strategy: 'a', outcome: { status: 'timed_out', at: T0 + 510, opportunities: [opp('a', 3, 1)], truncated: true } });
    const snap = actor.getSnapshot();
    expect(snap.value).toBe('failed');
    expect(snap.context.strategies.a).toMatchObject({ status: 'timed_out', truncated: true, opportunities: 1 });
    expect(snap.context.opportunities).toHaveLength(1);
  });

  it('cancels: running strategies cancelled, queued skipped, finished results kept', () => {
    const { actor, started, succeeded } = startScan(['a', 'b', 'c']);
    started('a');
    succeeded('a', [opp('a', 8, 2)]);
    started('b');
    actor.send({ type: 'CANCEL', at: T0 + 70 });
    const snap = actor.getSnapshot();
    expect(snap.value).toBe('cancelled');
    expect(snap.context.strategies.b).toMatchObject({ status: 'cancelled', finishedAt: T0 + 70 });
    expect(snap.context.strategies.c?.status).toBe('skipped');
    expect(snap.context.opportunities).toHaveLength(1);
  });

  it('ignores a second report for a strategy that already settled', () => {
    const { actor, started, succeeded, failed } = startScan(['a', 'b']);
    started('a');
    succeeded('a', [opp('a', 8, 2)]);
    const version = actor.getSnapshot().context.version;
    failed('a');
    expect(actor.getSnapshot().context.strategies.a?.status).toBe('succeeded');
    expect(actor.getSnapshot().context.version).toBe(version);
  });

  it('bumps the version on every change', () => {
    const { actor, started, succeeded } = startScan(['a', 'b']);
    const versions = [actor.getSnapshot().context.version];
    started('a');
    versions.push(actor.getSnapshot().context.version);
    succeeded('a');
    versions.push(actor.getSnapshot().context.version);
    expect(versions).toEqual([1, 2, 3]);
  });

  it('never gives a strategy a deadline later than the scan deadline', () => {
    const { actor, runner } = startScan(['a'], 1_000);
    runner.send('a', { type: 'STRATEGY.STARTED', strategy: 'a', at: T0 + 900, deadlineAt: T0 + 5_000 });
    expect(actor.getSnapshot().context.strategies.a?.deadlineAt).toBe(T0 + 1_000);
  });

  it('serialises to a definition that lists every state (for visualizers)', () => {
    const json = JSON.parse(JSON.stringify(scanMachine.toJSON())) as { states: Record<string, unknown> };
    expect(Object.keys(json.states).sort()).toEqual(['cancelled', 'complete', 'failed', 'initiated', 'partial', 'running']);
  });
});
