// Suite 5 — deadline: scans with a budget of 200 ms, each including a strategy that never yields, among normal ones.
// Figure: final-state time − deadline, as the main thread observes it. The same workload then runs through the main-thread
// Promise.race baseline (bench/baselines), whose never-yielding strategy has to be capped or the run would never end.
import { scanGraceMs } from '../../src/core/strategy-task.js';
import { strategyCatalogue as fixtureCatalogue } from '../../test/fixtures/fixture-catalogue.js';
import { emptyMarket } from '../../workers/market-data.js';
import type { StrategyDefinition } from '../../workers/strategy-types.js';
import { PromiseRaceScanRunner } from '../baselines/promise-race-runner.js';
import { runWindowed } from '../lib/concurrency.js';
import { createObservedService, fixtureScan, type BenchScheduling as SchedulingOptions } from '../lib/engine.js';
import type { ScanRequest } from '../../src/core/scan-registry.js';
import type { BenchMode } from '../lib/options.js';
import { figure, target, type Figure, type ReportTable } from '../lib/report.js';
import { piscinaFigures, probeEventLoop } from '../lib/runtime-probes.js';
import type { Suite, SuiteContext } from '../lib/suite.js';

const BUDGET_MS = 200;
/**
 * The never-yielding strategy sits among normal ones: quick, slow-but-cooperative, and cooperative-until-stopped. It comes
 * first so that a worker is actually stuck in it when the deadline comes (a queued one would merely be skipped).
 */
const STRATEGIES = ['spins', 'fast', 'slow', 'cooperative', 'fast_b', 'empty'];
/**
 * Scans in flight at once, on both sides. One: with more, a scan's spinner often waits behind another scan's and is merely
 * skipped at the deadline, which would not exercise the hard abort. Meanwhile both workers are busy (spinner + the rest).
 */
const CONCURRENCY = 1;
/** How long the baseline's "never-yielding" strategy blocks the main thread before it returns. */
const BASELINE_SPIN_CAP_MS = 300;
const SIZES: Record<BenchMode, { engineScans: number; baselineScans: number }> = {
  full: { engineScans: 100, baselineScans: 30 },
  quick: { engineScans: 15, baselineScans: 6 },
  tiny: { engineScans: 6, baselineScans: 4 },
};

/** The fixture catalogue with `spins` bounded, so the main-thread baseline can finish at all. */
function baselineCatalogue(): StrategyDefinition[] {
  return fixtureCatalogue.map((s) =>
    s.id !== 'spins'
      ? s
      : {
          ...s,
          run: () => {
            const until = performance.now() + BASELINE_SPIN_CAP_MS;
            while (performance.now() < until) {
              /* never yields, never polls the stop-check */
            }
            return [];
          },
        },
  );
}

function countBy<T extends string>(values: readonly T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** One row per strategy: in how many scans it ended in each state. */
function statesTable(label: string, scans: number, strategyStates: ReadonlyMap<string, string[]>): ReportTable {
  const rows = [...strategyStates].map(([id, states]) => [id, countBy(states)] as const);
  const columns = [...new Set(rows.flatMap(([, counts]) => Object.keys(counts)))].sort();
  return {
    title: `${label}: each strategy's final state over ${scans} scans`,
    header: ['strategy', ...columns],
    rows: rows.map(([label, counts]) => [label, ...columns.map((c) => String(counts[c] ?? 0))]),
  };
}

const describeCounts = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

interface EngineRun {
  overshoot: number[];
  scanStates: string[];
  /** Each strategy's final status, scan by scan. */
  strategyStates: Map<string, string[]>;
  loop: Figure;
  pool: Figure[];
  threads: number;
  graceMs: number;
}

/** `scans` engine scans, `CONCURRENCY` at a time, after one unmeasured scan (worker start-up and JIT). */
async function engineRun(ctx: SuiteContext, scans: number, request: ScanRequest, scheduling: SchedulingOptions, label: string): Promise<EngineRun> {
  const service = createObservedService({ scheduling });
  const overshoot: number[] = [];
  const scanStates: string[] = [];
  const strategyStates = new Map<string, string[]>(STRATEGIES.map((id) => [id, []]));
  let loop: Figure | undefined;
  try {
    await service.finished(service.registry.create(request));
    service.pool.histogram.resetRunTime();
    service.pool.histogram.resetWaitTime();
    const probe = probeEventLoop(`${label} run`);
    ctx.log(`${label}: ${scans} scans, ${CONCURRENCY} at a time`);
    try {
      await runWindowed(scans, CONCURRENCY, async () => {
        const createdAt = performance.now();
        const { snapshot, at } = await service.finished(service.registry.create(request));
        overshoot.push(at - (createdAt + BUDGET_MS));
        scanStates.push(snapshot.state);
        for (const [id, states] of strategyStates) states.push(snapshot.strategies.find((st) => st.id === id)?.status ?? 'missing');
      });
    } finally {
      loop = probe.stop();
    }
  } finally {
    await service.close();
  }
  return { overshoot, scanStates, strategyStates, loop, pool: piscinaFigures(service.pool.histogram, label), threads: service.pool.threads, graceMs: service.pool.graceMs };
}

const succeededShare = (states: readonly string[]): number => (states.length ? states.filter((st) => st === 'succeeded').length / states.length : Number.NaN);

export const deadlineSuite: Suite = {
  name: 'deadline',
  title: `final state − deadline: ${BUDGET_MS} ms budget, a never-yielding strategy in every scan, engine vs main-thread baseline`,
  async run(ctx) {
    const size = SIZES[ctx.mode];
    const request = fixtureScan(STRATEGIES, { budgetMs: BUDGET_MS, strategyTimeoutMs: 5_000 });

    // The engine as it ships: it plans each scan, and quarantines a strategy hard-killed in consecutive runs.
    const engine = await engineRun(ctx, size.engineScans, request, {}, 'engine');
    // The same scans with the runaway forced onto a worker every time (request order, no quarantine): every scan then
    // ends by a hard abort, the case the overshoot bound is about.
    const forced = await engineRun(ctx, size.engineScans, request, { policy: 'fifo', quarantineAfter: 0 }, 'engine, runaway forced');

    const baseline = new PromiseRaceScanRunner({ catalogue: baselineCatalogue(), market: emptyMarket(), cooperativeStop: true });
    const baselineOvershoot: number[] = [];
    const baselineStates: string[] = [];
    const baselineLoop = probeEventLoop('baseline run');
    ctx.log(`baseline: ${size.baselineScans} scans, ${CONCURRENCY} at a time`);
    try {
      await runWindowed(size.baselineScans, CONCURRENCY, async () => {
        const createdAt = performance.now();
        const scan = await baseline.start({ ...request, userId: 'bench' }).done;
        baselineOvershoot.push(performance.now() - (createdAt + BUDGET_MS));
        baselineStates.push(scan.state);
      });
    } finally {
      baselineLoop.stop();
    }

    const spinnerStates = engine.strategyStates.get('spins') ?? [];
    const forcedSpinner = forced.strategyStates.get('spins') ?? [];
    const fastStates = engine.strategyStates.get('fast') ?? [];
    const fastSucceeded = fastStates.filter((st) => st === 'succeeded').length;
    const fastRate = succeededShare(fastStates);
    const forcedFastRate = succeededShare(forced.strategyStates.get('fast') ?? []);
    const overshoot = figure('engine: final state − deadline', 'ms', engine.overshoot);
    const forcedOvershoot = figure('engine, runaway forced onto a worker: final state − deadline', 'ms', forced.overshoot);
    const grace = scanGraceMs(BUDGET_MS, engine.graceMs);
    const figures: Figure[] = [
      overshoot,
      forcedOvershoot,
      figure('engine: share of scans in which `fast` succeeded', 'share', [fastRate], 'ratio'),
      figure('engine, runaway forced: share of scans in which `fast` succeeded', 'share', [forcedFastRate], 'ratio'),
      figure('baseline (main thread, Promise.race): final state − deadline', 'ms', baselineOvershoot),
      engine.loop,
      forced.loop,
      baselineLoop.stop(),
      ...engine.pool,
    ];
    const timedOut = (states: readonly string[]): number => states.filter((st) => st === 'timed_out').length;
    return {
      suite: 'deadline',
      title: this.title,
      parameters: {
        budgetMs: BUDGET_MS,
        strategies: STRATEGIES,
        concurrentScans: CONCURRENCY,
        engineScans: size.engineScans,
        baselineScans: size.baselineScans,
        threads: engine.threads,
        graceMs: engine.graceMs,
        /** Tight budgets get a shorter grace (at most a tenth of the budget): this is the one these scans had. */
        scanGraceMs: grace,
        baselineSpinCapMs: BASELINE_SPIN_CAP_MS,
        engineFinalStates: countBy(engine.scanStates),
        engineNeverYieldingStrategy: countBy(spinnerStates),
        engineStrategyStates: Object.fromEntries([...engine.strategyStates].map(([id, states]) => [id, countBy(states)])),
        forcedRunaway: {
          scheduling: { policy: 'fifo', quarantineAfter: 0 },
          finalStates: countBy(forced.scanStates),
          strategyStates: Object.fromEntries([...forced.strategyStates].map(([id, states]) => [id, countBy(states)])),
        },
        baselineFinalStates: countBy(baselineStates),
      },
      figures,
      targets: [
        target('engine p99(final state − deadline) ≤ 15 ms', overshoot.p99, '<=', 15),
        target('same, runaway forced onto a worker in every scan', forcedOvershoot.p99, '<=', 15),
        target('engine: `fast` succeeded in ≥ 99 % of scans', fastRate, '>=', 0.99),
      ],
      tables: [statesTable('engine', engine.scanStates.length, engine.strategyStates), statesTable('engine, runaway forced', forced.scanStates.length, forced.strategyStates)],
      notes: [
        `Engine scans' final states: ${describeCounts(countBy(engine.scanStates))}; with the runaway forced: ${describeCounts(countBy(forced.scanStates))}.`,
        `\`fast\` (a strategy of a few microseconds, second in the request) succeeded in ${fastSucceeded} of ${fastStates.length} engine scans: what a user still gets from a scan that contains a runaway.`,
        `The engine started the never-yielding strategy, and hard-aborted it at the deadline (timed_out), in ${timedOut(spinnerStates)} of ${spinnerStates.length} scans; otherwise it was skipped, never started: after consecutive hard kills the engine quarantines it (planned last, started only on a thread nothing else wants). So most engine scans end without a hard abort; the "runaway forced" run (request order, quarantine off) hard-aborted it in ${timedOut(forcedSpinner)} of ${forcedSpinner.length} scans and is the one that measures the hard-abort path.`,
        `Grace (stop flag → hard abort) for a ${BUDGET_MS} ms budget: ${grace} ms, so strategies stop at deadline − ${grace} ms and a hard abort lands by the deadline.`,
        'Negative = final before the deadline. Final-state time is when the main thread sees the scan final (registry onFinish / the awaited baseline scan).',
        `The baseline's never-yielding strategy is capped at ${BASELINE_SPIN_CAP_MS} ms so the run ends; uncapped, as in the engine's run, the baseline would never finish a scan: its figures are a lower bound.`,
        'The baseline is given a stop-check that turns true at the deadline (the replaced service had none), so only the never-yielding strategy delays it.',
      ],
    };
  },
};
