// Suite 6 — scheduling: what the deadline-aware scheduler gets a user, against the orders it replaced.
// (a) one full scan per budget, tight to loose, on the default and heavy markets: succeeded strategies for the engine cold
//     and warm, the fixed orders (catalogue = FIFO, shortest first, longest first) and the offline optimum;
// (b) mixed concurrent load, tight and loose scans from many users: earliest deadline first against a FIFO queue;
// (d) the time from a runaway's hard abort to the start of the next task, with and without a warm spare worker.
// ((c), the fast strategy's success next to a runaway, is in the deadline suite.)
import { availableParallelism } from 'node:os';
import type { MarketProfile } from '../../src/market/profiles.js';
import { benchMarket, realCatalogue } from '../lib/market.js';
import type { BenchMode } from '../lib/options.js';
import { figure, target, type Figure, type ReportTable, type Target } from '../lib/report.js';
import { singleThreadMs } from '../lib/single-thread.js';
import { median } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';
import { abortGaps, type AbortGapResult } from './scheduling/abort-gap.js';
import { budgetSweep, planLabel, WARM_POLICIES, type SweepResult, type WarmPolicy } from './scheduling/budget-sweep.js';
import { arrivals, mixedLoad, summarizeClass, type ClassSummary, type LoadClass, type MixedLoadOptions, type ScanResult } from './scheduling/mixed-load.js';

interface Sizes {
  sweep: { profiles: MarketProfile[]; budgets: number[]; reps: number };
  load: { profile: MarketProfile; scans: number; users: number; arrivalWindowMs: number; budgetMs: Record<LoadClass, number> };
  abortRuns: number;
}

const SIZES: Record<BenchMode, Sizes> = {
  full: {
    sweep: { profiles: ['default', 'heavy'], budgets: [100, 200, 300, 500, 750, 1000, 1500, 3000], reps: 3 },
    load: { profile: 'default', scans: 40, users: 20, arrivalWindowMs: 10_000, budgetMs: { tight: 500, loose: 10_000 } },
    abortRuns: 20,
  },
  quick: {
    sweep: { profiles: ['tiny'], budgets: [50, 100, 200], reps: 1 },
    load: { profile: 'default', scans: 12, users: 6, arrivalWindowMs: 3_000, budgetMs: { tight: 500, loose: 5_000 } },
    abortRuns: 8,
  },
  tiny: {
    sweep: { profiles: ['tiny'], budgets: [50, 200], reps: 1 },
    load: { profile: 'tiny', scans: 8, users: 4, arrivalWindowMs: 300, budgetMs: { tight: 100, loose: 1_000 } },
    abortRuns: 3,
  },
};

/** The engine's default hard-abort grace (tight budgets get less, see strategy-task.ts). */
const GRACE_MS = 50;
const LOAD_SEED = 9;
const SPARES = [1, 0] as const;

const ENGINE_LABEL: Record<WarmPolicy, string> = { planned: 'warm engine', fifo: 'FIFO', shortest_first: 'shortest first', longest_first: 'longest first' };

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
/** Strategy counts: whole numbers as they are, a median between two scans with one decimal. */
const count = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/**
 * A ratio target. When the baseline got nothing, the ratio is unbounded: it is divided by 1 instead (a lower bound), and
 * says so; when neither got anything there is nothing to compare: no data, never a pass.
 */
function ratioTarget(label: string, numerator: number, denominator: number, threshold: number): Target {
  if (denominator > 0) return target(label, numerator / denominator, '>=', threshold);
  if (numerator === 0) return target(`${label} (both got 0)`, Number.NaN, '>=', threshold);
  return target(`${label} (the baseline got 0: value = ${numerator} ÷ 1, a lower bound)`, numerator, '>=', threshold);
}

function sweepReport(sweep: SweepResult, symbols: number, threads: number, reps: number, total: number) {
  const { profile, rows } = sweep;
  const med = (xs: readonly number[]): number => median(xs);
  const warm = rows.map((r) => med(r.warm.planned));
  const fifo = rows.map((r) => med(r.warm.fifo));
  const cold = rows.map((r) => med(r.cold));
  const coldFifo = rows.map((r) => med(r.coldFifo));
  const optimum = rows.map((r) => r.optimum);
  const ratios = rows.filter((r) => r.optimum > 0).map((r) => med(r.warm.planned) / r.optimum);
  const sums = {
    optimum: sum(optimum),
    cold: sum(cold),
    ...Object.fromEntries(WARM_POLICIES.map((p) => [p, sum(rows.map((r) => med(r.warm[p])))])),
  } as Record<'optimum' | 'cold' | WarmPolicy, number>;
  const n = rows.length;
  const figures: Figure[] = [
    figure(`(a) ${profile}: Σ succeeded over the ${n} budgets, offline optimum`, 'strategies', [sums.optimum]),
    figure(`(a) ${profile}: Σ succeeded over the ${n} budgets, cold engine`, 'strategies', [sums.cold]),
    figure(`(a) ${profile}: Σ succeeded over the ${n} budgets, after restart (saved costs, no calibration)`, 'strategies', [sum(rows.map((r) => med(r.afterRestart)))]),
    figure(`(a) ${profile}: Σ succeeded over the ${n} budgets, new instance in a warm cluster`, 'strategies', [sum(rows.map((r) => med(r.newInstance)))]),
    ...WARM_POLICIES.map((p) => figure(`(a) ${profile}: Σ succeeded over the ${n} budgets, ${ENGINE_LABEL[p]}`, 'strategies', [sums[p]])),
    figure(`(a) ${profile}: warm engine ÷ optimum, per budget`, '×', ratios, 'ratio'),
    // What any schedule could reach against this FIFO: the Σ target cannot be met when this is below it.
    figure(`(a) ${profile}: Σ optimum ÷ Σ FIFO (the most any order could reach)`, '×', [sums.fifo > 0 ? sums.optimum / sums.fifo : sums.optimum], 'ratio'),
  ];
  // No budget measured is no data (NaN), not Math.min() of nothing (Infinity).
  const minDiff = (a: readonly number[], b: readonly number[]): number => (a.length ? Math.min(...a.map((x, i) => x - (b[i] as number))) : Number.NaN);
  const targets: Target[] = [
    target(`(a) ${profile}: warm engine ≥ 0.9 × optimum at every budget (lowest ratio)`, ratios.length ? Math.min(...ratios) : Number.NaN, '>=', 0.9),
    target(`(a) ${profile}: warm engine never below FIFO (lowest warm − FIFO over budgets)`, minDiff(warm, fifo), '>=', 0),
    ratioTarget(`(a) ${profile}: Σ warm engine ÷ Σ FIFO over the budgets`, sums.planned, sums.fifo, 1.3),
    target(`(a) ${profile}: cold engine ≥ cold FIFO at every budget (lowest cold − cold FIFO; both a new service's first scan)`, minDiff(cold, coldFifo), '>=', 0),
  ];
  const table: ReportTable = {
    title: `(a) ${profile} market (${symbols} symbols), ${threads} threads: succeeded strategies of ${total}, median of ${reps} scan(s) per budget and engine`,
    header: ['budget ms', 'optimum', 'optimum, pool costs', 'warm engine', 'warm plan', 'warm: skipped, would miss', 'warm: skipped, other', 'warm: timed out', 'cold engine', 'cold FIFO', 'after restart', 'new instance in a warm cluster', 'FIFO', 'shortest first', 'longest first'],
    rows: [
      ...rows.map((r) => [
        String(r.budgetMs),
        String(r.optimum),
        String(r.optimumAtPoolCosts),
        count(med(r.warm.planned)),
        planLabel(r),
        count(med(r.warmWouldMiss)),
        count(med(r.warmOtherSkipped)),
        count(med(r.warmTimedOut)),
        count(med(r.cold)),
        count(med(r.coldFifo)),
        count(med(r.afterRestart)),
        count(med(r.newInstance)),
        count(med(r.warm.fifo)),
        count(med(r.warm.shortest_first)),
        count(med(r.warm.longest_first)),
      ]),
      ['Σ', count(sums.optimum), count(sum(rows.map((r) => r.optimumAtPoolCosts))), count(sums.planned), '', '', '', '', count(sums.cold), count(sum(coldFifo)), count(sum(rows.map((r) => med(r.afterRestart)))), count(sum(rows.map((r) => med(r.newInstance)))), count(sums.fifo), count(sums.shortest_first), count(sums.longest_first)],
    ],
  };
  return { figures, targets, table };
}

function loadReport(options: MixedLoadOptions, results: Record<'edf' | 'fifo', ScanResult[]>) {
  const queues = [
    ['edf', 'EDF'],
    ['fifo', 'FIFO queue'],
  ] as const;
  const classes: LoadClass[] = ['tight', 'loose'];
  const summary = Object.fromEntries(queues.map(([q]) => [q, Object.fromEntries(classes.map((c) => [c, summarizeClass(results[q], c)]))])) as Record<
    'edf' | 'fifo',
    Record<LoadClass, ClassSummary>
  >;
  const figures: Figure[] = [];
  for (const cls of classes) {
    for (const [q, label] of queues) {
      const perScan = results[q].filter((r) => r.class === cls).map((r) => r.succeeded);
      figures.push(figure(`(b) ${cls} scans (${options.budgetMs[cls]} ms), ${label}: succeeded strategies per scan`, 'strategies', perScan));
    }
  }
  const pct = (part: number, whole: number): string => (whole ? `${Math.round((100 * part) / whole)} %` : '–');
  const table: ReportTable = {
    title: `(b) ${options.scans} full scans from ${options.users} users over ${options.arrivalWindowMs / 1000} s, same seeded arrivals for both queues`,
    header: ['class', 'queue', 'scans', 'refused (429)', 'scans with ≥ 1 success', 'succeeded strategies', 'per scan'],
    rows: classes.flatMap((cls) =>
      queues.map(([q, label]) => {
        const s = summary[q][cls];
        return [`${cls} (${options.budgetMs[cls]} ms)`, label, String(s.scans), String(s.refused), `${s.withSuccess} (${pct(s.withSuccess, s.scans)})`, String(s.succeeded), count(s.scans ? s.succeeded / s.scans : 0)];
      }),
    ),
  };
  const targets: Target[] = [
    ratioTarget('(b) tight class: succeeded strategies, EDF ÷ FIFO queue', summary.edf.tight.succeeded, summary.fifo.tight.succeeded, 1.3),
    ratioTarget('(b) loose class: succeeded strategies, EDF ÷ FIFO queue (loses ≤ 5 %)', summary.edf.loose.succeeded, summary.fifo.loose.succeeded, 0.95),
  ];
  return { figures, targets, table, summary };
}

function abortReport(results: readonly AbortGapResult[]) {
  return results.map((r) => figure(`(d) hard abort → next task starts, 1 thread, spareThreads ${r.spareThreads}`, 'ms', r.gapsMs));
}

export const schedulingSuite: Suite = {
  name: 'scheduling',
  title: 'strategies that succeed per budget (engine plan vs fixed orders vs the optimum), EDF under mixed load, capacity after a hard abort',
  async run(ctx) {
    const size = SIZES[ctx.mode];
    const threads = availableParallelism();
    const catalogue = await realCatalogue();
    const strategies = catalogue.map((s) => s.id);
    const figures: Figure[] = [];
    const targets: Target[] = [];
    const tables: ReportTable[] = [];
    const sweepParameters: Record<string, unknown> = {};

    for (const profile of size.sweep.profiles) {
      const bench = await benchMarket(profile);
      const single = await singleThreadMs(ctx, bench);
      const sweep = await budgetSweep(bench, { ...size.sweep, threads, graceMs: GRACE_MS, strategies, singleThreadMs: single, log: ctx.log });
      const report = sweepReport(sweep, bench.market.symbols.length, threads, size.sweep.reps, strategies.length);
      figures.push(...report.figures);
      targets.push(...report.targets);
      tables.push(report.table);
      sweepParameters[profile] = {
        symbols: bench.market.symbols.length,
        singleThreadMs: Object.fromEntries([...single].map(([k, v]) => [k, Number(v.toFixed(1))])),
        learnedMsAfterSweep: sweep.learnedMs,
        rows: sweep.rows,
      };
    }

    const loadBench = await benchMarket(size.load.profile);
    const loadOptions: MixedLoadOptions = { ...size.load, seed: LOAD_SEED, threads, graceMs: GRACE_MS, strategies };
    const plan = arrivals(loadOptions);
    const loadResults = {} as Record<'edf' | 'fifo', ScanResult[]>;
    for (const crossScan of ['edf', 'fifo'] as const) {
      ctx.log(`mixed load (${size.load.profile}): ${size.load.scans} scans over ${size.load.arrivalWindowMs} ms, ${crossScan}`);
      loadResults[crossScan] = await mixedLoad(loadBench, crossScan, plan, loadOptions);
    }
    const load = loadReport(loadOptions, loadResults);
    figures.push(...load.figures);
    targets.push(...load.targets);
    tables.push(load.table);
    const loadSingle = await singleThreadMs(ctx, loadBench);
    const offeredLoad = (sum([...loadSingle.values()]) * size.load.scans) / (threads * size.load.arrivalWindowMs);

    ctx.log(`hard abort → next task: ${size.abortRuns} runs each with spareThreads ${SPARES.join(' and ')}`);
    const gaps = await abortGaps({ runs: size.abortRuns, graceMs: GRACE_MS, spares: SPARES });
    figures.push(...abortReport(gaps));

    return {
      suite: 'scheduling',
      title: this.title,
      parameters: {
        threads,
        graceMs: GRACE_MS,
        strategies: strategies.length,
        sweep: {
          budgetsMs: size.sweep.budgets,
          repsPerBudgetAndEngine: size.sweep.reps,
          warmUp: 'per warm engine: 2 full scans at 30000 ms, then 1 at the tightest budget; cold = a new service, its first scan, no calibration',
          profiles: sweepParameters,
        },
        mixedLoad: {
          ...loadOptions,
          profile: size.load.profile,
          offeredLoadTimesCapacity: Number(offeredLoad.toFixed(2)),
          summary: load.summary,
          scans: loadResults,
        },
        abortGap: { runs: size.abortRuns, results: gaps },
      },
      figures,
      targets,
      tables,
      notes: [
        '(a) Every engine is its own service on the same market with the same threads; the four warm ones (the engine\'s plan, and the fixed orders it replaced: catalogue order = FIFO, shortest first and longest first by learned costs) each got the same warm-up (two full scans at a loose budget, one at the tightest), then ran round by round, budget by budget. "Cold" is a new service scanned at once: workers still starting, nothing learned, no start-up calibration.',
        '(a) Counted: strategies that succeeded (complete results). For the warm engine the table also gives the rest of each scan (medians): "skipped, would miss" were not started because its plan predicted them to miss the deadline (error WOULD_MISS_DEADLINE); "skipped, other" were skipped without that code; "timed out" were started on a thread that would otherwise idle and stopped at the deadline with truncated results (not counted as succeeded). "warm plan" is what the engine reported when it created the scan: longest_first when everything was predicted to fit, most_finished otherwise.',
        '(a) Cold = a new service\'s first scan once its workers have loaded (a server listens only then): no calibration, nothing saved, workers JIT-cold (first runs several times slower), costs the first guess (src/scheduling/cost-guess.ts). It is compared with the same first scan in catalogue order (cold FIFO); the warm FIFO column is a service that has run scans. "After restart" = a new service with the warm engine\'s costs loaded as saved state; "new instance in a warm cluster" = a new service with the four warm engines\' own measurements merged as the cluster\'s; both JIT-warmed as before /readyz, no calibration, then their first scan.',
        `(a) Optimum = the most strategies whose single-thread in-process costs (strategies suite of this run, or measured here) pack onto ${threads} threads within budget − grace (the time by which a strategy must stop), computed exactly. It ignores dispatch overhead and the slowdown of strategies sharing the machine, so it can be out of reach at a budget. "Optimum, pool costs" is the same computation over the costs the warm engine learned in its pool by the end of the sweep (two strategies at once on ${threads} cores, next to the main thread): what the best plan could get with the costs as they really were; the targets are against the first.`,
        `(b) Same seeded arrivals on both sides; each scan is all ${strategies.length} strategies over the whole market, admitted first as the HTTP layer does (refused = its 429 OVERLOADED: nothing for its user, counted with 0 successes). Both sides plan within a scan; only the order across scans differs. Offered work ≈ ${offeredLoad.toFixed(1)} × what ${threads} threads can run during the ${size.load.arrivalWindowMs / 1000} s of arrivals (single-thread costs): a queue builds up that loose scans can wait out and tight ones cannot.`,
        '(d) One-thread engine over the fixture strategies, catalogue order, no quarantine: `spins` never polls its stop flag and is hard-aborted at its own deadline (100 ms + grace), which terminates its worker; the figure is abort → the worker start of `fast`, queued behind it. Runs alternate between the two engines; each starts with every worker up.',
      ],
    };
  },
};
