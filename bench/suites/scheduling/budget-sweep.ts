// (a) One full scan at each budget, tight to loose: how many strategies succeed under the engine's plan (cold: the first
// scan of a new service; warm: after the shared warm-up) and under the fixed orders it replaced (catalogue order = FIFO,
// shortest first, longest first, each a warm service of its own), next to the offline optimum: the most strategies whose
// measured single-thread costs fit on the threads within the time a scan's strategies may run.
import { referenceGuess } from '../../../src/scheduling/cost-guess.js';
import type { CostEntry } from '../../../src/scheduling/cost-model.js';
import { mergeEntries } from '../../../src/scheduling/cost-state.js';
import { maxFinishable } from '../../../src/scheduling/list-schedule.js';
import { warmUp as warmUpJit } from '../../../src/scheduling/warm-up.js';
import type { SchedulingPolicy } from '../../../src/scheduling/scan-plan.js';
import { scanGraceMs } from '../../../src/core/strategy-task.js';
import type { BenchMarket } from '../../lib/market.js';
import { fullScan, realEngine, scanOnce, settle, warmUp, type BenchEngine, type ScanCounts } from './scans.js';

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
  /** A restarted service: the warm engine's saved costs loaded, JIT warm-up, no calibration (ready), then its first scan. */
  afterRestart: number[];
  /** A new service joining the warm engines' cluster: their merged costs, JIT warm-up, no calibration, first scan. */
  newInstance: number[];
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
      afterRestart: [],
      newInstance: [],
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
        // What the warm engines know now: the planned one's whole model (its saved state), and every warm engine's own
        // measurements merged (the cluster's hash; src/cluster/cost-sync.ts merges the same way).
        const saved = (warm.get('planned') as BenchEngine).service.costModel.exportEntries();
        const cluster = mergeEntries([...warm.values()].map((e) => e.service.costModel.exportEntries(['measured', 'calibrated'])));
        row.afterRestart.push((await startedWith(bench, threads, graceMs, request, strategies, saved, 'saved')).succeeded);
        row.newInstance.push((await startedWith(bench, threads, graceMs, request, strategies, cluster, 'cluster')).succeeded);
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
        const started = `after restart ${row.afterRestart[rep]}, new instance ${row.newInstance[rep]}`;
        options.log(`  ${row.budgetMs} ms: optimum ${row.optimum}, cold ${cold.succeeded} (cold FIFO ${row.coldFifo[rep]}), ${started}, ${got} succeeded`);
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
 * with no calibration and nothing learned: workers JIT-cold, costs the first guess a server starts with
 * (src/scheduling/cost-guess.ts; a fixed order ignores it).
 */
async function coldScan(bench: BenchMarket, threads: number, graceMs: number, request: ReturnType<typeof fullScan>, policy: SchedulingPolicy): Promise<ScanCounts> {
  const engine = realEngine(bench, threads, graceMs, { policy });
  try {
    const model = engine.service.costModel;
    model.useGuess(referenceGuess(model, bench.market));
    await engine.service.pool.ready();
    return await scanOnce(engine, request);
  } finally {
    await engine.service.close();
  }
}

/**
 * A new service that starts with costs learned elsewhere, as a server does with calibration off once /readyz says 200:
 * the costs loaded (`saved`: a restart on the same SCANNER_STATE_DIR; `cluster`: a new instance in a warm cluster), the
 * first guess for anything they lack, the workers loaded and JIT-warmed (src/scheduling/warm-up.ts); then its first scan.
 */
async function startedWith(
  bench: BenchMarket,
  threads: number,
  graceMs: number,
  request: ReturnType<typeof fullScan>,
  strategies: readonly string[],
  entries: readonly CostEntry[],
  source: 'saved' | 'cluster',
): Promise<ScanCounts> {
  const engine = realEngine(bench, threads, graceMs, { policy: 'planned' });
  try {
    const model = engine.service.costModel;
    model.useGuess(referenceGuess(model, bench.market));
    model.importEntries(entries, source);
    await engine.service.pool.ready();
    await warmUpJit(engine.service.pool, strategies, request.params);
    await settle(engine);
    return await scanOnce(engine, request);
  } finally {
    await engine.service.close();
  }
}
