// The scan statechart: initiated → running → complete | partial | failed | cancelled.
// Pure: no I/O and no timers besides the XState `after` budget. Strategy work happens in `runStrategy` children that the
// service provides (machine.provide), which report back with STRATEGY.STARTED / STRATEGY.SETTLED events.
// Which final state a scan reaches, and what becomes of its unsettled strategies, is settle's decision (machines/settle.ts).
import { and, assign, enqueueActions, fromCallback, setup, type EventObject } from 'xstate';
import { mergeRanked } from './opportunity.js';
import { TIMEOUT_ERROR, coverageOf, isSettled, recordsOf as records, resultOf, settleContext } from './settle.js';
import { initialContext } from './initial-context.js';
import type { FinalScanState, RunStrategyInput, ScanContext, ScanEvent, ScanInput, ScanOutput, StrategyRecord } from './scan-types.js';

// Kept importable from here: callers built the `initiated` context from the machine's module before it had its own file.
export { initialContext };

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
    // How a scan that ends by itself or at its budget turns out is settle's decision (machines/settle.ts); these two
    // guards only route to the final state it names.
    allSucceeded: ({ context }) => resultOf(records(context)) === 'complete',
    anySucceeded: ({ context }) => resultOf(records(context)) === 'partial',
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
    expireUnsettled: assign(({ context }) => settleContext(context, 'budget', context.deadlineAt).context),
    cancelUnsettled: assign(({ context, event }) =>
      settleContext(context, 'cancelled', event.type === 'CANCEL' ? event.at : context.deadlineAt).context,
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
