// (a) One full scan at each budget, tight to loose: how many strategies succeed under the engine's plan (cold: the first
// scan of a new service; warm: after the shared warm-up) and under the fixed orders it replaced (catalogue order = FIFO,
// shortest first, longest first, each a warm service of its own), next to the offline optimum: the most strategies whose
// measured single-thread costs fit on the threads within the time a scan's strategies may run.
import { maxFinishable } from '../../../src/scheduling/list-schedule.js';
import type { SchedulingPolicy } from '../../../src/scheduling/scan-plan.js';
import { scanGraceMs } from '../../../src/core/strategy-task.js';
import type { BenchMarket } from '../../lib/market.js';
import { fullScan, realEngine, scanOnce, warmUp, type BenchEngine, type ScanCounts } from './scans.js';

/** The warm engines compared at every budget: the engine's plan and the fixed orders. */
export const WARM_POLICIES = ['planned', 'fifo', 'shortest_first', 'longest_first'] as const satisfies readonly SchedulingPolicy[];
export type WarmPolicy = (typeof WARM_POLICIES)[number];

export interface SweepOptions {
  budgets: readonly number[];
  /** Scans per budget and engine; each row reports the median. */
  reps: number;
  threads: number;
  graceMs: number;
  strategies: readonly string[];
  /** Measured single-thread ms per strategy: the optimum's costs. */
  singleThreadMs: ReadonlyMap<string, number>;
  log(message: string): void;
}

export interface BudgetRow {
  budgetMs: number;
  /** The time strategies may run in: budget − the hard-abort grace (they must stop by then to succeed). */
  windowMs: number;
  optimum: number;
  /** The same optimum over the costs the warm engine learned in its pool (contention included), after the sweep. */
  optimumAtPoolCosts: number;
  /** Succeeded strategies per repetition. */
  cold: number[];
  /** The same first scan of a new service, in catalogue order (FIFO): the fair anchor for the cold engine. */
  coldFifo: number[];
  warm: Record<WarmPolicy, number[]>;
  /** What the warm engine's scans reported and ended with, per repetition. */
  warmPlans: Array<string | null>;
  warmWouldMiss: number[];
  /** Skipped without that code (still queued, or handed a thread only after their stop point). */
  warmOtherSkipped: number[];
  warmTimedOut: number[];
  coldPlans: Array<string | null>;
}

export interface SweepResult {
  profile: string;
  rows: BudgetRow[];
  /** Learned cost per strategy of the warm planned engine at the end, ms (what its plans used). */
  learnedMs: Record<string, number>;
}

function mostCommon(values: ReadonlyArray<string | null>): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v ?? 'none', (counts.get(v ?? 'none') ?? 0) + 1);
  const entries = [...counts].sort((a, b) => b[1] - a[1]);
  return entries.length === 1 ? (entries[0]?.[0] ?? 'none') : entries.map(([v, n]) => `${v} ×${n}`).join(', ');
}

/** The plan the warm engine reported at a budget (the most common over repetitions, or each with its count). */
export function planLabel(row: BudgetRow): string {
  return mostCommon(row.warmPlans);
}

export async function budgetSweep(bench: BenchMarket, options: SweepOptions): Promise<SweepResult> {
  const { budgets, reps, threads, graceMs, strategies } = options;
  const costs = strategies.map((s) => options.singleThreadMs.get(s) ?? Number.POSITIVE_INFINITY);
  const rows: BudgetRow[] = budgets.map((budgetMs) => {
    const windowMs = budgetMs - scanGraceMs(budgetMs, graceMs);
    return {
      budgetMs,
      windowMs,
      optimum: maxFinishable(costs, threads, windowMs),
      optimumAtPoolCosts: Number.NaN,
      cold: [],
      coldFifo: [],
      warm: { planned: [], fifo: [], shortest_first: [], longest_first: [] },
      warmPlans: [],
      warmWouldMiss: [],
      warmOtherSkipped: [],
      warmTimedOut: [],
      coldPlans: [],
    };
  });

  const warm = new Map<WarmPolicy, BenchEngine>();
  try {
    for (const policy of WARM_POLICIES) {
      const engine = realEngine(bench, threads, graceMs, { policy });
      warm.set(policy, engine);
      options.log(`${bench.profile}: warming up the ${policy} engine`);
      await warmUp(engine, bench, strategies, budgets[0] as number);
    }
    // Round by round, every engine at every budget, so load drift on the machine spreads over all of them alike.
    for (let rep = 0; rep < reps; rep++) {
      options.log(`${bench.profile}: round ${rep + 1} of ${reps}, budgets ${budgets.join(', ')} ms`);
      for (const row of rows) {
        const request = fullScan(bench, strategies, row.budgetMs);
        const cold = await coldScan(bench, threads, graceMs, request, 'planned');
        row.cold.push(cold.succeeded);
        row.coldPlans.push(cold.plan);
        row.coldFifo.push((await coldScan(bench, threads, graceMs, request, 'fifo')).succeeded);
        for (const policy of WARM_POLICIES) {
          const counts = await scanOnce(warm.get(policy) as BenchEngine, request);
          row.warm[policy].push(counts.succeeded);
          if (policy === 'planned') {
            row.warmPlans.push(counts.plan);
            row.warmWouldMiss.push(counts.wouldMiss);
            row.warmOtherSkipped.push(counts.skipped - counts.wouldMiss);
            row.warmTimedOut.push(counts.timedOut);
          }
        }
        const got = WARM_POLICIES.map((p) => `${p} ${row.warm[p][rep]}`).join(', ');
        options.log(`  ${row.budgetMs} ms: optimum ${row.optimum}, cold ${cold.succeeded} (cold FIFO ${row.coldFifo[rep]}), ${got} succeeded`);
      }
    }
    const model = (warm.get('planned') as BenchEngine).service.costModel;
    const learned = strategies.map((s) => model.expectedMs(s) ?? Number.POSITIVE_INFINITY);
    for (const row of rows) row.optimumAtPoolCosts = maxFinishable(learned, threads, row.windowMs);
    const learnedMs = Object.fromEntries(strategies.map((s, i) => [s, Math.round(learned[i] as number)]));
    return { profile: bench.profile, rows, learnedMs };
  } finally {
    await Promise.all([...warm.values()].map((e) => e.service.close()));
  }
}

/**
 * An engine cold: a new service, scanned as soon as its workers have loaded their modules (a server listens only then),
 * with no calibration and nothing learned: workers JIT-cold, every cost the same prior.
 */
async function coldScan(bench: BenchMarket, threads: number, graceMs: number, request: ReturnType<typeof fullScan>, policy: SchedulingPolicy): Promise<ScanCounts> {
  const engine = realEngine(bench, threads, graceMs, { policy });
  try {
    await engine.service.pool.ready();
    return await scanOnce(engine, request);
  } finally {
    await engine.service.close();
  }
}
