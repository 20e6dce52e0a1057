// Suite 5 — deadline: scans with a budget of 200 ms, each including a strategy that never yields, among normal ones.
// Figure: final-state time − deadline, as the main thread observes it. The same workload then runs through the main-thread
// Promise.race baseline (bench/baselines), whose never-yielding strategy has to be capped or the run would never end.
import { strategyCatalogue as fixtureCatalogue } from '../../test/fixtures/fixture-catalogue.js';
import { emptyMarket } from '../../workers/market-data.js';
import type { StrategyDefinition } from '../../workers/strategy-types.js';
import { PromiseRaceScanRunner } from '../baselines/promise-race-runner.js';
import { runWindowed } from '../lib/concurrency.js';
import { createObservedService, fixtureScan } from '../lib/engine.js';
import type { BenchMode } from '../lib/options.js';
import { figure, target, type Figure } from '../lib/report.js';
import { piscinaFigures, probeEventLoop } from '../lib/runtime-probes.js';
import type { Suite } from '../lib/suite.js';

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

export const deadlineSuite: Suite = {
  name: 'deadline',
  title: `final state − deadline: ${BUDGET_MS} ms budget, a never-yielding strategy in every scan, engine vs main-thread baseline`,
  async run(ctx) {
    const size = SIZES[ctx.mode];
    const request = fixtureScan(STRATEGIES, { budgetMs: BUDGET_MS, strategyTimeoutMs: 5_000 });

    const service = createObservedService();
    const engineOvershoot: number[] = [];
    const engineStates: string[] = [];
    const spinnerStates: string[] = [];
    let engineLoop: Figure | undefined;
    try {
      // One scan first, so worker start-up and JIT are not in the figures.
      await service.finished(service.registry.create(request));
      service.pool.histogram.resetRunTime();
      service.pool.histogram.resetWaitTime();
      const probe = probeEventLoop('engine run');
      ctx.log(`engine: ${size.engineScans} scans, ${CONCURRENCY} at a time`);
      try {
        await runWindowed(size.engineScans, CONCURRENCY, async () => {
          const createdAt = performance.now();
          const { snapshot, at } = await service.finished(service.registry.create(request));
          engineOvershoot.push(at - (createdAt + BUDGET_MS));
          engineStates.push(snapshot.state);
          spinnerStates.push(snapshot.strategies.find((st) => st.id === 'spins')?.status ?? 'missing');
        });
      } finally {
        engineLoop = probe.stop();
      }
    } finally {
      await service.close();
    }
    const poolFigures = piscinaFigures(service.pool.histogram, 'engine');

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

    const engine = figure('engine: final state − deadline', 'ms', engineOvershoot);
    const figures: Figure[] = [
      engine,
      figure('baseline (main thread, Promise.race): final state − deadline', 'ms', baselineOvershoot),
      engineLoop,
      baselineLoop.stop(),
      ...poolFigures,
    ];
    return {
      suite: 'deadline',
      title: this.title,
      parameters: {
        budgetMs: BUDGET_MS,
        strategies: STRATEGIES,
        concurrentScans: CONCURRENCY,
        engineScans: size.engineScans,
        baselineScans: size.baselineScans,
        threads: service.pool.threads,
        graceMs: service.pool.graceMs,
        baselineSpinCapMs: BASELINE_SPIN_CAP_MS,
        engineFinalStates: countBy(engineStates),
        engineNeverYieldingStrategy: countBy(spinnerStates),
        baselineFinalStates: countBy(baselineStates),
      },
      figures,
      targets: [target('engine p99(final state − deadline) ≤ 15 ms', engine.p99, '<=', 15)],
      notes: [
        `The never-yielding strategy was running at the deadline (timed_out) in ${spinnerStates.filter((st) => st === 'timed_out').length} of ${spinnerStates.length} engine scans; otherwise it was still queued and skipped.`,
        'Negative = final before the deadline. Final-state time is when the main thread sees the scan final (registry onFinish / the awaited baseline scan).',
        `The baseline's never-yielding strategy is capped at ${BASELINE_SPIN_CAP_MS} ms so the run ends; uncapped, as in the engine's run, the baseline would never finish a scan: its figures are a lower bound.`,
        'The baseline is given a stop-check that turns true at the deadline (the replaced service had none), so only the never-yielding strategy delays it.',
      ],
    };
  },
};
