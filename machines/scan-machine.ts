// The scan statechart: initiated → running → complete | partial | failed | cancelled.
// Pure: no I/O and no timers besides the XState `after` budget. Strategy work happens in `runStrategy` children that the
// service provides (machine.provide), which report back with STRATEGY.STARTED / STRATEGY.SETTLED events.
import { and, assign, enqueueActions, fromCallback, setup, type EventObject } from 'xstate';
import { mergeRanked } from './opportunity.js';
import {
  SETTLED_STATUSES,
  type FinalScanState,
  type RunStrategyInput,
  type ScanContext,
  type ScanEvent,
  type ScanInput,
  type ChunkProgress,
  type ScanOutput,
  type StrategyRecord,
  type StrategyStatus,
} from './scan-types.js';

const SETTLED: ReadonlySet<StrategyStatus> = new Set(SETTLED_STATUSES);

/** True once a strategy can no longer change. */
export function isSettled(status: StrategyStatus): boolean {
  return SETTLED.has(status);
}

const TIMEOUT_ERROR = { code: 'STRATEGY_TIMEOUT', message: 'stopped at its deadline' } as const;

function records(context: ScanContext): StrategyRecord[] {
  return context.strategyIds.map((id) => context.strategies[id] as StrategyRecord);
}

/** The context a scan starts with; pure (distributed mode builds the `initiated` snapshot of a queued scan from it). */
export function initialContext(input: ScanInput): ScanContext {
  const strategies: Record<string, StrategyRecord> = {};
  const quarantined = new Set(input.plan?.quarantined ?? []);
  for (const id of input.strategies) {
    strategies[id] = {
      id,
      status: 'queued',
      startedAt: null,
      finishedAt: null,
      deadlineAt: null,
      opportunities: 0,
      truncated: false,
      error: null,
      expectedMs: input.plan?.expectedMs[id] ?? null,
      quarantined: quarantined.has(id),
      chunks: null,
      coverage: null,
    };
  }
  return {
    strategyIds: [...input.strategies],
    scanId: input.scanId,
    strategies,
    opportunities: [],
    budgetMs: input.budgetMs,
    budgetLeftMs: Math.max(0, Math.min(input.budgetMs, input.budgetLeftMs ?? input.budgetMs)),
    strategyTimeoutMs: input.strategyTimeoutMs,
    createdAt: input.createdAt,
    deadlineAt: input.createdAt + input.budgetMs,
    startedAt: null,
    version: input.version ?? 1,
    params: input.params,
    plan: input.plan ? { policy: input.plan.policy, predictedFinishAt: input.plan.predictedFinishAt } : null,
  };
}

/** Ends every unsettled strategy: running ones with `running`'s replacement status, queued ones as skipped. */
function closeUnsettled(context: ScanContext, runningBecomes: StrategyStatus, at: number): Partial<ScanContext> {
  const strategies = { ...context.strategies };
  for (const record of records(context)) {
    if (isSettled(record.status)) continue;
    const wasRunning = record.status === 'running';
    strategies[record.id] = {
      ...record,
      status: wasRunning ? runningBecomes : 'skipped',
      finishedAt: wasRunning ? at : null,
      truncated: wasRunning,
      error: wasRunning && runningBecomes === 'timed_out' ? TIMEOUT_ERROR : null,
      coverage: coverageOf(wasRunning ? runningBecomes : 'skipped', record.chunks),
    };
  }
  return { strategies, version: context.version + 1 };
}

/** The share of a settled strategy's chunks that finished; a strategy run whole is one chunk (1 if it succeeded, else 0). */
function coverageOf(status: StrategyStatus, chunks: ChunkProgress | null | undefined): number {
  if (chunks) return chunks.done / Math.max(1, chunks.total);
  return status === 'succeeded' ? 1 : 0;
}

const finalOutput = (state: FinalScanState) => ({ state });


export const scanMachine = setup({
  types: {
    context: {} as ScanContext,
    input: {} as ScanInput,
    events: {} as ScanEvent,
    output: {} as ScanOutput,
  },
  actors: {
    // Placeholder: the service provides the real runner (Piscina) and tests provide fakes.
    runStrategy: fromCallback<EventObject, RunStrategyInput>(() => undefined),
  },
  delays: {
    budget: ({ context }) => context.budgetLeftMs,
  },
  guards: {
    allSucceeded: ({ context }) => records(context).every((r) => r.status === 'succeeded'),
    anySucceeded: ({ context }) => records(context).some((r) => r.status === 'succeeded'),
    allSettled: ({ context }) => records(context).every((r) => isSettled(r.status)),
    anyStarted: ({ context }) => records(context).some((r) => r.status !== 'queued'),
  },
  actions: {
    spawnStrategies: enqueueActions(({ context, enqueue }) => {
      for (const strategy of context.strategyIds) {
        enqueue.spawnChild('runStrategy', {
          id: `strategy.${strategy}`,
          input: {
            scanId: context.scanId,
            strategy,
            strategyTimeoutMs: context.strategyTimeoutMs,
            budgetMs: context.budgetMs,
            scanDeadlineAt: context.deadlineAt,
            params: context.params,
          },
        });
      }
    }),
    recordStart: assign(({ context, event }) => {
      if (event.type !== 'STRATEGY.STARTED') return {};
      const record = context.strategies[event.strategy];
      if (!record || record.status !== 'queued') return {};
      return {
        strategies: {
          ...context.strategies,
          [record.id]: {
            ...record,
            status: 'running',
            startedAt: event.at,
            deadlineAt: Math.min(event.deadlineAt, context.deadlineAt),
          },
        },
        startedAt: context.startedAt ?? event.at,
        version: context.version + 1,
      };
    }),
    recordProgress: assign(({ context, event }) => {
      if (event.type !== 'STRATEGY.PROGRESS') return {};
      const record = context.strategies[event.strategy];
      if (!record || record.status !== 'running') return {};
      return {
        strategies: { ...context.strategies, [record.id]: { ...record, chunks: { ...event.chunks } } },
        version: context.version + 1,
      };
    }),
    recordSettled: assign(({ context, event }) => {
      if (event.type !== 'STRATEGY.SETTLED') return {};
      const record = context.strategies[event.strategy];
      // Late or duplicate reports of a strategy that already ended change nothing.
      if (!record || isSettled(record.status)) return {};
      const { outcome } = event;
      const found = 'opportunities' in outcome ? outcome.opportunities : [];
      const next: StrategyRecord = {
        ...record,
        status: outcome.status,
        startedAt: record.startedAt ?? (outcome.status === 'skipped' ? null : outcome.at),
        finishedAt: outcome.status === 'skipped' ? null : outcome.at,
        opportunities: found.length,
        truncated: 'truncated' in outcome ? outcome.truncated : false,
        error: ('error' in outcome ? outcome.error : undefined) ?? (outcome.status === 'timed_out' ? TIMEOUT_ERROR : null),
        chunks: ('chunks' in outcome ? outcome.chunks : undefined) ?? record.chunks,
      };
      next.coverage = coverageOf(next.status, next.chunks);
      return {
        strategies: { ...context.strategies, [record.id]: next },
        opportunities: found.length > 0 ? mergeRanked(context.opportunities, found) : context.opportunities,
        startedAt: context.startedAt ?? next.startedAt,
        version: context.version + 1,
      };
    }),
    // The budget fired: the scan ends now, at its deadline, whatever its workers are doing.
    expireUnsettled: assign(({ context }) => closeUnsettled(context, 'timed_out', context.deadlineAt)),
    cancelUnsettled: assign(({ context, event }) =>
      closeUnsettled(context, 'cancelled', event.type === 'CANCEL' ? event.at : context.deadlineAt),
    ),
  },
}).createMachine({
  id: 'scan',
  context: ({ input }) => initialContext(input),
  initial: 'initiated',
  entry: 'spawnStrategies',
  // The whole scan's budget runs from creation, across `initiated` and `running`.
  after: {
    budget: [
      { guard: 'allSucceeded', target: '.complete', actions: 'expireUnsettled' },
      { guard: 'anySucceeded', target: '.partial', actions: 'expireUnsettled' },
      { target: '.failed', actions: 'expireUnsettled' },
    ],
  },
  on: {
    'STRATEGY.STARTED': { actions: 'recordStart' },
    'STRATEGY.PROGRESS': { actions: 'recordProgress' },
    'STRATEGY.SETTLED': { actions: 'recordSettled' },
    CANCEL: { target: '.cancelled', actions: 'cancelUnsettled' },
  },
  states: {
    initiated: {
      description: 'Registered; strategies are queued on the pool and none has started yet.',
      always: [
        { guard: and(['allSettled', 'allSucceeded']), target: 'complete' },
        { guard: and(['allSettled', 'anySucceeded']), target: 'partial' },
        { guard: 'allSettled', target: 'failed' },
        { guard: 'anyStarted', target: 'running' },
      ],
    },
    running: {
      description: 'At least one strategy has started; ends when all have settled or the budget fires.',
      always: [
        { guard: and(['allSettled', 'allSucceeded']), target: 'complete' },
        { guard: and(['allSettled', 'anySucceeded']), target: 'partial' },
        { guard: 'allSettled', target: 'failed' },
      ],
    },
    complete: { type: 'final', description: 'Every strategy succeeded.', output: finalOutput('complete') },
    partial: {
      type: 'final',
      description: 'At least one strategy succeeded and at least one did not.',
      output: finalOutput('partial'),
    },
    failed: { type: 'final', description: 'No strategy succeeded.', output: finalOutput('failed') },
    cancelled: { type: 'final', description: 'The caller cancelled; finished results are kept.', output: finalOutput('cancelled') },
  },
  output: ({ context, event }) => ({
    state: (event.output as { state: FinalScanState }).state,
    strategies: records(context),
    opportunities: context.opportunities,
  }),
});

export type ScanMachine = typeof scanMachine;
