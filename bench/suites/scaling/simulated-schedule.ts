// What a heavy scan would take on more threads than this machine has: the scan's tasks re-planned for T threads with the
// engine's own chunk sizing and each strategy's real `plan`, then packed longest first on T identical threads.
// - A chunked strategy gets chunkParts(its measured cost, T) parts (src/scheduling/chunk-sizing.ts), which its plan turns
//   into chunks (fewer when it has fewer units of work). A chunk costs the strategy's measured total × its share of the
//   units, plus the measured per-task overhead.
// - Any other strategy keeps its measured cost, plus the same overhead.
// - The tasks are list-scheduled longest first (src/scheduling/list-schedule.ts): the makespan is the predicted wall.
// It assumes T real cores (costs measured on one thread, without contention) and ignores the reduces (main thread, cheap).
import { chunkParts } from '../../../src/scheduling/chunk-sizing.js';
import { lptMakespan } from '../../../src/scheduling/list-schedule.js';
import { FINEST } from '../../../workers/chunked-run.js';
import type { MarketData } from '../../../workers/market-data.js';
import type { UnitRange, UnitStride } from '../../../workers/strategies/support/split-units.js';
import type { StrategyDefinition, StrategyParams } from '../../../workers/strategy-types.js';

export interface SimulationInput {
  market: MarketData;
  params: StrategyParams;
  catalogue: readonly StrategyDefinition[];
  /** Each strategy's measured task time on one thread (a chunked one: the sum of its chunks). */
  costMs: ReadonlyMap<string, number>;
  /** What every pool task adds besides its work (the dispatch gap between two tasks on a thread). */
  overheadMs: number;
}

export interface SimulatedScan {
  threads: number;
  wallMs: number;
  /** The largest task: the critical path at T threads. */
  largestTaskMs: number;
  tasks: number;
  /** Chunks each chunked strategy gets at T threads (1: it runs whole). */
  chunks: Record<string, number>;
}

/** How many of a plan's `units` units one descriptor covers: the two shapes of workers/strategies/support/split-units.ts. */
function unitsIn(descriptor: unknown, units: number): number {
  const d = descriptor as Partial<UnitRange & UnitStride>;
  if (typeof d.from === 'number' && typeof d.to === 'number') return d.to - d.from;
  if (typeof d.first === 'number' && typeof d.stride === 'number') return Math.max(0, Math.ceil((units - d.first) / d.stride));
  throw new Error(`simulated schedule: unknown chunk descriptor ${JSON.stringify(descriptor)}`);
}

/** The task costs of one strategy at T threads: one task, or one per chunk its plan gives for chunkParts(cost, T). */
function strategyTasks(input: SimulationInput, strategy: StrategyDefinition, costMs: number, threads: number): number[] {
  const work = strategy.chunks;
  const parts = work ? chunkParts(costMs, threads) : 1;
  if (!work || parts < 2) return [costMs + input.overheadMs];
  const descriptors = work.plan(input.market, input.params, parts);
  // The engine runs a plan of fewer than two chunks whole (src/core/strategy-pool.ts, run).
  if (descriptors.length < 2) return [costMs + input.overheadMs];
  const units = work.plan(input.market, input.params, FINEST).length;
  return descriptors.map((d) => (costMs * unitsIn(d, units)) / units + input.overheadMs);
}

export function simulateScan(input: SimulationInput, threads: number): SimulatedScan {
  const costs: number[] = [];
  const chunks: Record<string, number> = {};
  for (const strategy of input.catalogue) {
    const cost = input.costMs.get(strategy.id);
    if (cost === undefined) continue;
    const tasks = strategyTasks(input, strategy, cost, threads);
    if (strategy.chunks) chunks[strategy.id] = tasks.length;
    costs.push(...tasks);
  }
  return { threads, wallMs: lptMakespan(costs, threads), largestTaskMs: Math.max(...costs), tasks: costs.length, chunks };
}
