// What a strategy task's run amounts to, from what Piscina handed back: a worker's reply, or the error its promise
// rejected with. Pure: the task (src/core/strategy-task.ts) decides when to ask, these say what it means.
import type { StrategyOutcome } from '../../machines/scan-types.js';
import type { StrategyTaskReply } from '../../workers/strategy-worker.js';

export const WOULD_MISS = { code: 'WOULD_MISS_DEADLINE', message: 'not started: predicted not to finish before its deadline' } as const;

/** A task that never ran: `predictedMiss` says the dispatcher held it back because it could not finish in time. */
export function skippedOutcome(at: number, predictedMiss: boolean): StrategyOutcome {
  return { status: 'skipped', at, ...(predictedMiss ? { error: WOULD_MISS } : {}) };
}

/** A worker's reply. `expired`: the worker saw the scan's stop point (or the stop flag) before running anything. */
export function replyOutcome(reply: StrategyTaskReply, at: number, predictedMiss: boolean): StrategyOutcome {
  switch (reply.kind) {
    case 'done':
      return { status: reply.truncated ? 'timed_out' : 'succeeded', at, opportunities: reply.opportunities, truncated: reply.truncated };
    case 'part':
      // A chunk's opportunities come out of its strategy's reduce (src/core/chunked-strategy-run.ts), not from here.
      return { status: reply.truncated ? 'timed_out' : 'succeeded', at, opportunities: [], truncated: reply.truncated };
    case 'expired':
      return skippedOutcome(at, predictedMiss);
    case 'error':
      return { status: 'failed', at, error: { code: reply.code, message: reply.message } };
  }
}

function isAbortError(err: unknown): boolean {
  // Piscina's AbortError class is not exported; its name is the documented way to recognise it.
  return err instanceof Error && err.name === 'AbortError';
}

/** A rejected run: our own hard abort (a started task timed out, one never started is skipped), or a worker that died. */
export function errorOutcome(err: unknown, at: number, started: boolean): StrategyOutcome {
  if (isAbortError(err)) return started ? { status: 'timed_out', at, opportunities: [], truncated: true } : { status: 'skipped', at };
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return { status: 'failed', at, error: { code: 'WORKER_OUT_OF_MEMORY', message } };
  return { status: 'failed', at, error: { code: 'WORKER_CRASHED', message } };
}

/** A cancelled task ends `cancelled` if its strategy ran, `skipped` if it never did, whatever the worker returned. */
export function cancelledOutcome(ran: boolean, at: number): StrategyOutcome {
  return { status: ran ? 'cancelled' : 'skipped', at };
}
