// One chunked strategy's run (workers/strategy-types.ts, ChunkedWork): every chunk is its own pool task, scheduled like
// any other under the strategy's and the scan's deadlines, with the same two-phase stop; the reduce runs once on this
// thread over the chunks that finished.
// - Ends when the last chunk settles, or at the stop point (the strategy's deadline, or the scan's stop): then the reduce
//   runs at once over the finished chunks, so the result reaches the scan before its deadline, and the chunks still
//   running are stopped and settle in the background (their threads free as usual).
// - A chunk that fails (throws, crashes its worker, runs out of memory) fails the strategy with its error and cancels
//   its siblings; other strategies, on other workers, are untouched.
// - Cost: the strategy's cost is the CPU of all its chunks together, which is what the cost model learns from here.
import { setMaxListeners } from 'node:events';
import type { ChunkProgress, StrategyOutcome } from '../../machines/scan-types.js';
import type { MarketData } from '../../workers/market-data.js';
import { rankFound } from '../../workers/rank-found.js';
import type { ChunkedWork } from '../../workers/strategy-types.js';
import { wallNow } from '../../workers/task-control.js';
import type { StrategyCostModel } from '../scheduling/cost-model.js';
import type { RunHooks, StrategyTask, StrategyTaskRequest } from './strategy-task.js';

export interface ChunkedRunHooks extends RunHooks {
  /** Called at the first chunk's start (done 0) and each time a chunk finishes. */
  onProgress?: (chunks: ChunkProgress) => void;
}

export interface ChunkedRunContext {
  market: MarketData;
  costModel: StrategyCostModel;
  /** Creates a pool task and starts settling it (it joins the dispatcher's queue synchronously). */
  startTask(request: StrategyTaskRequest, hooks: RunHooks): { task: StrategyTask; settled: Promise<StrategyOutcome> };
}

interface Chunk {
  task: StrategyTask;
  settled: Promise<StrategyOutcome>;
  outcome?: StrategyOutcome;
}

export function runChunked(
  ctx: ChunkedRunContext,
  work: ChunkedWork,
  descriptors: readonly unknown[],
  request: StrategyTaskRequest,
  hooks: ChunkedRunHooks,
): Promise<StrategyOutcome> {
  const total = descriptors.length;
  const clock = { deadlineAt: Number.POSITIVE_INFINITY };
  const siblings = new AbortController();
  setMaxListeners(total + 1, siblings.signal); // one listener per chunk task is expected, not a leak
  const cancel = (): void => siblings.abort();
  hooks.signal?.addEventListener('abort', cancel, { once: true });
  let done = 0;
  let firstStartedAt: number | null = null;
  let stopTimer: NodeJS.Timeout | undefined;
  let finish: (outcome: StrategyOutcome) => void = () => undefined;
  const result = new Promise<StrategyOutcome>((resolve) => (finish = resolve));
  const stopAll = (): void => chunks.forEach((c) => c.task.expire());
  const armStop = (at: number): void => {
    clearTimeout(stopTimer);
    // Background work (calibration) has no deadline: an infinite delay would become Node's 1 ms and cut it off at once.
    if (!Number.isFinite(at)) return;
    stopTimer = setTimeout(() => {
      stopAll();
      finish(reduced());
    }, Math.max(0, at - wallNow()));
  };

  const onStart = (startedAt: number, deadlineAt: number): void => {
    if (firstStartedAt !== null) return;
    firstStartedAt = startedAt;
    clock.deadlineAt = deadlineAt; // chunks granted from now on carry it; running ones are stopped at it (armStop)
    hooks.onStart?.(startedAt, deadlineAt);
    hooks.onProgress?.({ total, done });
    armStop(deadlineAt);
  };
  const chunks: Chunk[] = descriptors.map((descriptor, index) =>
    ctx.startTask({ ...request, chunk: { index, total, descriptor, clock } }, { signal: siblings.signal, onStart }),
  );
  const stopAt = chunks[0]?.task.stopAt ?? wallNow();
  armStop(stopAt);

  const reduced = (): StrategyOutcome => {
    const at = wallNow();
    const cancelled = hooks.signal?.aborted === true;
    const failure = chunks.map((c) => c.outcome).find((o) => o?.status === 'failed');
    if (cancelled) return { status: firstStartedAt === null ? 'skipped' : 'cancelled', at };
    if (failure) return { ...failure, at };
    if (firstStartedAt === null) return chunks[0]?.outcome ?? { status: 'skipped', at };
    const parts = chunks.filter((c) => c.task.part !== undefined && c.outcome?.status === 'succeeded').map((c) => c.task.part);
    const progress = { total, done: parts.length };
    try {
      const opportunities = rankFound(request.strategy, work.reduce(ctx.market, request.params, parts));
      const whole = parts.length === total;
      return { status: whole ? 'succeeded' : 'timed_out', at, opportunities, truncated: !whole, chunks: progress };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { status: 'failed', at, error: { code: 'STRATEGY_FAILED', message: `reduce: ${message}` } };
    }
  };

  for (const chunk of chunks) {
    void chunk.settled.then((outcome) => {
      chunk.outcome = outcome;
      if (outcome.status === 'succeeded') hooks.onProgress?.({ total, done: ++done });
      // One failed chunk fails the strategy: nothing its siblings find can make it whole.
      if (outcome.status === 'failed') {
        cancelSiblings(chunks, chunk);
        finish(reduced());
      }
    });
  }
  void Promise.all(chunks.map((c) => c.settled)).then(() => {
    clearTimeout(stopTimer);
    hooks.signal?.removeEventListener('abort', cancel);
    finish(reduced());
    learnCost(ctx.costModel, request, chunks);
  });
  return result;
}

/** Stops every other chunk of a failed strategy: queued ones leave the queue, running ones stop as at a deadline. */
function cancelSiblings(chunks: readonly Chunk[], failed: Chunk): void {
  for (const chunk of chunks) if (chunk !== failed) chunk.task.expire();
}

/** The strategy's cost is its chunks' CPU together: a run with every chunk finished measures it, any other bounds it. */
function learnCost(costModel: StrategyCostModel, request: StrategyTaskRequest, chunks: readonly Chunk[]): void {
  if (request.teaches === false || chunks.every((c) => c.outcome?.status === 'skipped')) return;
  const ms = chunks.reduce((sum, c) => sum + c.task.ranMs(c.outcome?.at ?? wallNow()), 0);
  const finished = chunks.every((c) => c.outcome?.status === 'succeeded');
  const failed = chunks.some((c) => c.outcome?.status === 'failed');
  if (failed) return;
  costModel.observe(request.strategy, request.params.symbols.length, { kind: finished ? 'finished' : 'censored', ms });
}
