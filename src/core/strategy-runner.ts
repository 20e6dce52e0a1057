// Provides the scan machine's `runStrategy` actor: one strategy on the pool (one task, or its chunks), reporting back as
// machine events.
// Stopping the child (scan final, cancelled, or evicted) aborts its task; nothing is reported after that.
import { fromCallback, type EventObject } from 'xstate';
import type { RunStrategyInput, ScanEvent } from '../../machines/scan-types.js';
import type { StrategyParams } from '../../workers/strategy-types.js';
import type { StrategyPool } from './strategy-pool.js';

/** Every stopped runner aborts with this one reason: abort() without one builds a DOMException, with a stack, per scan. */
const STOPPED = Object.freeze({ reason: 'runner stopped' });

export function createStrategyRunner(pool: StrategyPool) {
  return fromCallback<EventObject, RunStrategyInput>(function runStrategy({ input, sendBack }) {
    const abort = new AbortController();
    const report = (event: ScanEvent): void => {
      // A stopped child must not talk to a scan that already ended: late results are dropped here.
      if (!abort.signal.aborted) sendBack(event);
    };
    void pool
      .run(
        {
          scanId: input.scanId,
          strategy: input.strategy,
          params: input.params as StrategyParams,
          strategyTimeoutMs: input.strategyTimeoutMs,
          budgetMs: input.budgetMs,
          scanDeadlineAt: input.scanDeadlineAt,
        },
        {
          signal: abort.signal,
          onStart: (at, deadlineAt) => report({ type: 'STRATEGY.STARTED', strategy: input.strategy, at, deadlineAt }),
          onProgress: (chunks) => report({ type: 'STRATEGY.PROGRESS', strategy: input.strategy, chunks }),
        },
      )
      .then((outcome) => report({ type: 'STRATEGY.SETTLED', strategy: input.strategy, outcome }));
    return () => abort.abort(STOPPED);
  });
}
