// How a scan ends (machines/settle.ts), for every ending: the final state, and what becomes of each strategy that had not
// settled. Pure: records and a time in, records out; no actor and no clock. The last block checks that the scan machine
// ends its own scans exactly as settle says.
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, SimulatedClock, type EventObject } from 'xstate';
import { scanMachine } from '../../machines/scan-machine.js';
import { SCAN_ENDINGS, recordsOf, settle, settleContext, type ScanEnding } from '../../machines/settle.js';
import { initialContext } from '../../machines/initial-context.js';
import type { FinalScanState, RunStrategyInput, ScanEvent, StrategyRecord, StrategyStatus } from '../../machines/scan-types.js';

const T0 = 1_700_000_000_000;
const AT = T0 + 700;

function record(id: string, status: StrategyStatus, extra: Partial<StrategyRecord> = {}): StrategyRecord {
  const started = status !== 'queued' && status !== 'skipped';
  const ended = started && status !== 'running';
  return {
    id, status, startedAt: started ? T0 + 10 : null, finishedAt: ended ? T0 + 300 : null, deadlineAt: started ? T0 + 510 : null,
    opportunities: status === 'succeeded' ? 2 : 0, truncated: false, error: null, expectedMs: 100, quarantined: false, chunks: null,
    coverage: ended ? (status === 'succeeded' ? 1 : 0) : null, ...extra,
  };
}

/** One strategy of each kind: two settled (kept as they are), one running as chunks, one still queued. */
function mixed(): StrategyRecord[] {
  return [
    record('done', 'succeeded'),
    record('broke', 'failed', { error: { code: 'STRATEGY_FAILED', message: 'x' } }),
    record('busy', 'running', { chunks: { total: 8, done: 2 } }),
    record('waiting', 'queued'),
  ];
}

type Fate = Pick<StrategyRecord, 'status' | 'finishedAt' | 'truncated' | 'coverage'> & { error: string | null };
const fate = (r: StrategyRecord): Fate => ({
  status: r.status, error: r.error?.code ?? null, finishedAt: r.finishedAt, truncated: r.truncated, coverage: r.coverage,
});

/** Per ending: the scan's state over `mixed()`, and what the running and the queued strategy become. */
const TABLE: Record<ScanEnding, { state: FinalScanState; busy: Fate; waiting: Fate }> = {
  budget: {
    state: 'partial',
    busy: { status: 'timed_out', error: 'STRATEGY_TIMEOUT', finishedAt: AT, truncated: true, coverage: 0.25 },
    waiting: { status: 'skipped', error: null, finishedAt: null, truncated: false, coverage: 0 },
  },
  cancelled: {
    state: 'cancelled',
    busy: { status: 'cancelled', error: null, finishedAt: AT, truncated: true, coverage: 0.25 },
    waiting: { status: 'skipped', error: null, finishedAt: null, truncated: false, coverage: 0 },
  },
  actor_error: {
    state: 'failed',
    busy: { status: 'failed', error: 'SCAN_ERROR', finishedAt: AT, truncated: false, coverage: 0 },
    waiting: { status: 'failed', error: 'SCAN_ERROR', finishedAt: AT, truncated: false, coverage: 0 },
  },
  instance_lost: {
    state: 'partial',
    busy: { status: 'failed', error: 'INSTANCE_LOST', finishedAt: AT, truncated: false, coverage: 0 },
    waiting: { status: 'failed', error: 'INSTANCE_LOST', finishedAt: AT, truncated: false, coverage: 0 },
  },
  not_placed: {
    state: 'partial',
    busy: { status: 'skipped', error: 'NOT_PLACED', finishedAt: null, truncated: false, coverage: 0 },
    waiting: { status: 'skipped', error: 'NOT_PLACED', finishedAt: null, truncated: false, coverage: 0 },
  },
  // Nothing to close: the machine takes this ending only once every strategy settled, so early records stay as they are.
  all_settled: {
    state: 'partial',
    busy: { status: 'running', error: null, finishedAt: null, truncated: false, coverage: null },
    waiting: { status: 'queued', error: null, finishedAt: null, truncated: false, coverage: null },
  },
};

describe('settle: every ending', () => {
  it('has a row for every ending', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...SCAN_ENDINGS].sort());
  });

  for (const ending of SCAN_ENDINGS) {
    const row = TABLE[ending];
    it(`${ending}: the scan ends ${row.state}, the running strategy ${row.busy.status}, the queued one ${row.waiting.status}`, () => {
      const records = mixed();
      const copy = structuredClone(records);
      const { state, strategies } = settle(records, ending, AT);
      expect(state).toBe(row.state);
      expect(strategies.map((r) => r.id)).toEqual(['done', 'broke', 'busy', 'waiting']);
      expect(fate(strategies[2] as StrategyRecord)).toEqual(row.busy);
      expect(fate(strategies[3] as StrategyRecord)).toEqual(row.waiting);
      // What had settled keeps its result: the very same record.
      expect(strategies[0]).toBe(records[0]);
      expect(strategies[1]).toBe(records[1]);
      // What it knew before it ended is kept (when it started, its deadline, its plan figures).
      expect(strategies[2]).toMatchObject({ startedAt: T0 + 10, deadlineAt: T0 + 510, expectedMs: 100, chunks: { total: 8, done: 2 } });
      expect(records).toEqual(copy); // pure: the input is not touched
    });
  }
});

describe('settle: when the results decide', () => {
  // [statuses, budget / all_settled / instance_lost / not_placed, cancelled, actor_error]
  const cases: [StrategyStatus[], FinalScanState, FinalScanState, FinalScanState][] = [
    [['succeeded', 'succeeded'], 'complete', 'cancelled', 'failed'],
    [['succeeded', 'timed_out'], 'partial', 'cancelled', 'failed'],
    [['failed', 'skipped'], 'failed', 'cancelled', 'failed'],
    [[], 'complete', 'cancelled', 'failed'],
  ];
  for (const [statuses, byResults, cancelled, actorError] of cases) {
    it(`[${statuses.join(', ')}]: ${byResults} by results, ${cancelled} when cancelled, ${actorError} on an actor error`, () => {
      const records = statuses.map((s, i) => record(`s${i}`, s));
      for (const ending of ['budget', 'all_settled', 'instance_lost', 'not_placed'] as const) expect(settle(records, ending, AT).state).toBe(byResults);
      expect(settle(records, 'cancelled', AT).state).toBe(cancelled);
      expect(settle(records, 'actor_error', AT).state).toBe(actorError);
    });
  }

  it('never turns a strategy it closes into a success', () => {
    for (const ending of SCAN_ENDINGS) {
      const { strategies } = settle([record('a', 'running'), record('b', 'queued')], ending, AT);
      expect(strategies.some((r) => r.status === 'succeeded')).toBe(false);
    }
  });
});

describe('settleContext', () => {
  it('settles a context one version later, in request order', () => {
    const context = { ...initialContext({ strategies: ['a', 'b'], budgetMs: 1_000, strategyTimeoutMs: 500, createdAt: T0, scanId: 's', params: {} }), version: 5 };
    const { state, context: final } = settleContext(context, 'budget', T0 + 1_000);
    expect(state).toBe('failed');
    expect(final.version).toBe(6);
    expect(recordsOf(final).map((r) => [r.id, r.status])).toEqual([['a', 'skipped'], ['b', 'skipped']]);
    expect(context.strategies.a?.status).toBe('queued');
  });
});

describe('the scan machine ends as settle says', () => {
  function run(strategies: string[]) {
    const children = new Map<string, (event: ScanEvent) => void>();
    const logic = fromCallback<EventObject, RunStrategyInput>(({ input, sendBack }) => {
      children.set(input.strategy, sendBack as (event: ScanEvent) => void);
    });
    const clock = new SimulatedClock();
    const input = { strategies, budgetMs: 1_000, strategyTimeoutMs: 500, createdAt: T0, scanId: 'scan-1', params: {} };
    const actor = createActor(scanMachine.provide({ actors: { runStrategy: logic } }), { input, clock });
    actor.subscribe({ error: (err) => { throw err; } });
    actor.start();
    const send = (s: string, event: ScanEvent): void => children.get(s)?.(event);
    send('a', { type: 'STRATEGY.STARTED', strategy: 'a', at: T0 + 10, deadlineAt: T0 + 510 });
    send('a', { type: 'STRATEGY.SETTLED', strategy: 'a', outcome: { status: 'succeeded', at: T0 + 50, opportunities: [], truncated: false } });
    send('b', { type: 'STRATEGY.STARTED', strategy: 'b', at: T0 + 20, deadlineAt: T0 + 520 });
    return { actor, clock, send };
  }

  it('at the budget', () => {
    const { actor, clock } = run(['a', 'b', 'c']);
    const before = recordsOf(actor.getSnapshot().context);
    for (let t = 0; t < 1_000; t += 100) clock.increment(100);
    const expected = settle(before, 'budget', T0 + 1_000);
    expect(actor.getSnapshot().value).toBe(expected.state);
    expect(actor.getSnapshot().output?.strategies).toEqual(expected.strategies);
  });

  it('on cancel', () => {
    const { actor } = run(['a', 'b', 'c']);
    const before = recordsOf(actor.getSnapshot().context);
    actor.send({ type: 'CANCEL', at: T0 + 70 });
    const expected = settle(before, 'cancelled', T0 + 70);
    expect(actor.getSnapshot().value).toBe(expected.state);
    expect(actor.getSnapshot().output?.strategies).toEqual(expected.strategies);
  });

  it('when every strategy settled', () => {
    const { actor, send } = run(['a', 'b']);
    send('b', { type: 'STRATEGY.SETTLED', strategy: 'b', outcome: { status: 'failed', at: T0 + 90, error: { code: 'STRATEGY_FAILED', message: 'x' } } });
    const records = recordsOf(actor.getSnapshot().context);
    expect(actor.getSnapshot().value).toBe(settle(records, 'all_settled', T0 + 90).state);
    expect(actor.getSnapshot().value).toBe('partial');
  });
});
