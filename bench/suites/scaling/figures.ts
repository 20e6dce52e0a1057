// The scaling suite's figures and targets, one function per thing measured: the full scan at t threads (split and
// unsplit), complex_strategy alone, what splitting costs each chunked strategy, and the simulated schedule.
import { figure, noDataTarget, perRoundFigure, spreadOf, target, type Figure, type Target } from '../../lib/report.js';
import { median, pairRatios } from '../../lib/stats.js';
import { CRITICAL_PATH_THREADS, scanStats, type ScanStats, type SplitOverhead } from './analysis.js';
import { VARIANTS, type MeasuredScan, type Variant } from './measured-scan.js';
import type { SimulatedScan } from './simulated-schedule.js';
import { ALONE, type ThreadRuns } from './thread-runs.js';

/** Issue 11: schedule efficiency at least this at every measured thread count. */
const EFFICIENCY_GOAL = 0.9;
/** Issue 11 (chunk sizing): dispatch overhead under 2 % of a split strategy's CPU. */
export const OVERHEAD_GOAL = 0.02;

export interface Measured {
  figures: Figure[];
  targets: Target[];
}

const walls = (scans: readonly MeasuredScan[]): number[] => scans.map((s) => s.wallMs);

/** The stats of every full scan of a run, per variant (round order). */
export function runStats(run: ThreadRuns): Record<Variant, ScanStats[]> {
  return { split: run.scans.split.map((s) => scanStats(s, run.threads)), unsplit: run.scans.unsplit.map((s) => scanStats(s, run.threads)) };
}

/**
 * The full scan at t threads: wall, cores used, Σ, critical path and both efficiencies per variant; splitting's speedup;
 * the speedup over one thread. Targets (split, the engine's default): critical path ≤ Σ ÷ 16, schedule efficiency ≥ 0.9,
 * and the suite's earlier efficiency against the in-process single-thread Σ.
 */
export function fullScanFigures(run: ThreadRuns, oneThread: ThreadRuns, profile: string, sumSingleMs: number): Measured {
  const t = run.threads;
  const stats = runStats(run);
  const figures: Figure[] = [];
  const targets: Target[] = [];
  for (const variant of VARIANTS) {
    const label = `${t} thread(s), ${variant}`;
    const scans = run.scans[variant];
    const s = stats[variant];
    const singleEfficiency = scans.map((scan) => sumSingleMs / t / scan.wallMs);
    figures.push(
      perRoundFigure(`${profile} scan wall, ${label}`, 'ms', walls(scans)),
      perRoundFigure(`cores used during the scan, ${label}`, 'cores', scans.map((scan) => scan.coresUsed)),
      perRoundFigure(`Σ task time, ${label}`, 'ms', s.map((x) => x.sumMs)),
      perRoundFigure(`critical path (largest task), ${label}`, 'ms', s.map((x) => x.criticalMs)),
      perRoundFigure(`schedule efficiency max(Σ ÷ t, critical path) ÷ wall, ${label}`, '×', s.map((x) => x.scheduleEfficiency), 'ratio'),
      perRoundFigure(`efficiency Σ single-thread ÷ t ÷ wall, ${label}`, '×', singleEfficiency, 'ratio'),
    );
    if (variant !== 'split') continue;
    const sum = median(s.map((x) => x.sumMs));
    targets.push(
      target(`critical path ≤ Σ ÷ ${CRITICAL_PATH_THREADS} (ms), ${label} (${profile})`, median(s.map((x) => x.criticalMs)), '<=', sum / CRITICAL_PATH_THREADS, spreadOf(s.map((x) => x.criticalMs))),
      target(`schedule efficiency ≥ ${EFFICIENCY_GOAL}, ${label} (${profile})`, median(s.map((x) => x.scheduleEfficiency)), '>=', EFFICIENCY_GOAL, spreadOf(s.map((x) => x.scheduleEfficiency))),
      target(`efficiency Σ single-thread ÷ t ÷ wall ≥ ${EFFICIENCY_GOAL}, ${label} (${profile})`, median(singleEfficiency), '>=', EFFICIENCY_GOAL, spreadOf(singleEfficiency)),
    );
  }
  figures.push(perRoundFigure(`${profile} scan, splitting's speedup (unsplit wall ÷ split wall), ${t} thread(s)`, '×', pairRatios(walls(run.scans.unsplit), walls(run.scans.split)), 'ratio'));
  if (t > 1) {
    for (const variant of VARIANTS) {
      figures.push(perRoundFigure(`${profile} scan, speedup 1 → ${t} threads, ${variant}`, '×', pairRatios(walls(oneThread.scans[variant]), walls(run.scans[variant])), 'ratio'));
    }
  }
  return { figures, targets };
}

/** complex_strategy alone at t threads: wall per variant, splitting's speedup, the speedup over one thread. */
export function aloneFigures(run: ThreadRuns, oneThread: ThreadRuns): Figure[] {
  const t = run.threads;
  const figures = VARIANTS.map((variant) => perRoundFigure(`${ALONE} alone, wall, ${t} thread(s), ${variant}`, 'ms', walls(run.alone[variant])));
  figures.push(perRoundFigure(`${ALONE} alone, splitting's speedup (unsplit ÷ split), ${t} thread(s)`, '×', pairRatios(walls(run.alone.unsplit), walls(run.alone.split)), 'ratio'));
  if (t > 1) {
    for (const variant of VARIANTS) {
      figures.push(perRoundFigure(`${ALONE} alone, speedup 1 → ${t} threads, ${variant}`, '×', pairRatios(walls(oneThread.alone[variant]), walls(run.alone[variant])), 'ratio'));
    }
  }
  return figures;
}

/**
 * Per chunked strategy, Σ of its chunk spans ÷ its unsplit task − 1, at every thread count. Issue 11 asked for 2 %; what
 * a single strategy's share can show is limited by run-to-run noise: at one thread, with no contention, the four split
 * strategies measured −6.5 % … +3.1 % (bench/results/scaling.json, 2026-11-29), noise of about ±5 % around no cost. So 5 %
 * is the tightest threshold that noise alone does not break, and it still catches what two threads showed: +11 … +15 %
 * for the strategies whose chunks pay for each other's garbage collection. Missed there until that cost is removed.
 */
export const STRATEGY_OVERHEAD_GOAL = 0.05;

/**
 * What splitting costs at t threads: per split strategy, its chunks' spans against its unsplit task (target ≤ 5 % at
 * every thread count, see above) and the dispatch gaps its extra tasks add (issue 11's goal: under 2 % of the strategy's
 * CPU); for the whole scan, Σ split against Σ unsplit, which counts every cost once. The 2 % goals are targets at one
 * thread (no contention). No strategy split at a thread count is "no data" for its per-strategy target, never a pass.
 */
export function overheadFigures(threads: number, overheads: readonly SplitOverhead[], scan: { share: number; shares: readonly number[] }, profile: string): Measured {
  const figures = [
    ...overheads.map((o) => perRoundFigure(`splitting overhead Σ chunks ÷ unsplit − 1, ${o.strategy}, ${threads} thread(s)`, '×', o.shares, 'ratio')),
    ...overheads.map((o) => figure(`dispatch overhead (chunks − 1) × gap ÷ unsplit, ${o.strategy}, ${threads} thread(s)`, '×', [o.dispatchShare], 'ratio')),
    perRoundFigure(`splitting overhead, whole scan: Σ split ÷ Σ unsplit − 1, ${threads} thread(s)`, '×', scan.shares, 'ratio'),
  ];
  const perStrategy = `splitting overhead Σ chunks ÷ unsplit − 1 ≤ ${100 * STRATEGY_OVERHEAD_GOAL} %`;
  const targets: Target[] = overheads.length
    ? overheads.map((o) => target(`${perStrategy}, ${o.strategy}, ${threads} thread(s) (${profile})`, o.share, '<=', STRATEGY_OVERHEAD_GOAL, spreadOf(o.shares)))
    : [noDataTarget(`${perStrategy}, every chunked strategy, ${threads} thread(s) (${profile}): none was split`, '<=', STRATEGY_OVERHEAD_GOAL)];
  if (threads !== 1) return { figures, targets };
  targets.push(
    ...overheads.map((o) => target(`dispatch overhead ≤ ${100 * OVERHEAD_GOAL} %, ${o.strategy}, 1 thread(s) (${profile})`, o.dispatchShare, '<=', OVERHEAD_GOAL)),
    target(`splitting overhead ≤ ${100 * OVERHEAD_GOAL} %, whole scan Σ, 1 thread(s) (${profile})`, scan.share, '<=', OVERHEAD_GOAL, spreadOf(scan.shares)),
  );
  return { figures, targets };
}

export function simulatedFigures(simulated: readonly SimulatedScan[], sumMs: number): Figure[] {
  return simulated.map((s) => figure(`simulated wall, ${s.threads} thread(s) (Σ ÷ t = ${Math.round(sumMs / s.threads)} ms)`, 'ms', [s.wallMs]));
}

/** Every measured scan complete with every strategy succeeded: the worst fraction succeeded (0 for a scan not complete). */
export function deliveredTarget(scans: readonly MeasuredScan[]): Target {
  // No scan measured is no data (NaN), not Math.min() of nothing.
  const worst = scans.length ? Math.min(...scans.map((s) => (s.state === 'complete' ? s.succeeded / s.requested : 0))) : Number.NaN;
  return target(`every measured scan complete with every strategy succeeded (worst fraction, ${scans.length} scans)`, worst, '>=', 1);
}
