// Piscina worker entry: runs one strategy task against the market data this worker received once at start-up.
// Never throws for a strategy's own failure: errors come back as values with a code.
import { threadId, workerData } from 'node:worker_threads';
import type { Opportunity } from '../machines/opportunity.js';
import type { StrategyErrorCode } from '../machines/scan-types.js';
import type { MarketData } from './market-data.js';
import { rankFound } from './rank-found.js';
import type { StrategyCatalogueModule, StrategyDefinition, StrategyParams } from './strategy-types.js';
import { TaskControl, strategyDeadline, wallNow } from './task-control.js';

/** Given to every worker once, through Piscina's `workerData`. */
export interface StrategyWorkerData {
  /** URL of the module exporting `strategyCatalogue` (the real one, or a test fixture). */
  catalogueUrl: string;
  /** SharedArrayBuffer-backed: structured clone shares the memory instead of copying it. */
  market: MarketData;
}

export interface StrategyTaskMessage {
  strategy: string;
  params: StrategyParams;
  strategyTimeoutMs: number;
  /** Wall-clock ms after which no strategy of this scan may keep running cooperatively. */
  scanStopAt: number;
  /** TaskControl's SharedArrayBuffer. */
  control: SharedArrayBuffer;
  /** Set for one chunk of a chunked strategy (its `plan` descriptor): the task runs `runChunk` instead of `run`. */
  chunk?: unknown;
}

export type StrategyTaskReply =
  | { kind: 'done'; opportunities: Opportunity[]; truncated: boolean }
  /** A chunk's partial result; a truncated one (stopped half-way) is discarded by the engine. */
  | { kind: 'part'; part: unknown; truncated: boolean }
  | { kind: 'expired' }
  | { kind: 'error'; code: StrategyErrorCode; message: string };

const data = workerData as StrategyWorkerData;
const catalogue = ((await import(data.catalogueUrl)) as StrategyCatalogueModule).strategyCatalogue;
const strategies = new Map<string, StrategyDefinition>(catalogue.map((s) => [s.id, s]));

/** Answers once this worker has loaded its catalogue (the module's top-level await runs before any handler). */
export function ready(): true {
  return true;
}

export function runStrategyTask(task: StrategyTaskMessage): StrategyTaskReply {
  const control = new TaskControl(task.control);
  try {
    return runTask(task, control);
  } finally {
    control.markReturned();
  }
}

function runTask(task: StrategyTaskMessage, control: TaskControl): StrategyTaskReply {
  const startedAt = wallNow();
  const deadlineAt = strategyDeadline(startedAt, task.strategyTimeoutMs, task.scanStopAt);
  control.markStarted(startedAt, deadlineAt, threadId);
  // Stopped before it started (cancelled, or its scan must stop): return without running it. The main thread never
  // terminates a worker for a task it has not started (see StrategyTask#stopEarly) and relies on this check instead; it
  // comes after markStarted's atomic store, so a stop the main thread raised without seeing the start is seen here.
  if (startedAt >= deadlineAt || control.stopRequested) return { kind: 'expired' };

  const definition = strategies.get(task.strategy);
  if (!definition) return { kind: 'error', code: 'UNKNOWN_STRATEGY', message: `unknown strategy "${task.strategy}"` };

  // The deadline is checked here too, so a strategy stops on time even if the main thread's timer fires late.
  let stopped = false;
  const shouldStop = (): boolean => {
    if (!stopped && (control.stopRequested || wallNow() >= deadlineAt)) stopped = true;
    return stopped;
  };
  try {
    if (task.chunk !== undefined) {
      if (!definition.chunks) return { kind: 'error', code: 'STRATEGY_FAILED', message: `"${task.strategy}" has no chunks` };
      const part = definition.chunks.runChunk(data.market, task.params, task.chunk, shouldStop);
      return { kind: 'part', part, truncated: stopped };
    }
    const found = definition.run(data.market, task.params, shouldStop);
    return { kind: 'done', opportunities: rankFound(definition.id, found), truncated: stopped };
  } catch (err) {
    return { kind: 'error', code: 'STRATEGY_FAILED', message: err instanceof Error ? err.message : String(err) };
  }
}
