// The engine's public facade: one strategy pool and one scan registry over one market snapshot.
// The HTTP app, the CLI and the benchmarks all build on this.
import type { InspectionEvent } from 'xstate';
import { scanMachine } from '../../machines/scan-machine.js';
import type { ScanPlanInfo } from '../../machines/scan-types.js';
import type { MarketData } from '../../workers/market-data.js';
import type { StrategyParams } from '../../workers/strategy-types.js';
import { wallNow } from '../../workers/task-control.js';
import { ScanRegistry, type RegistryClock, type ScanRequest } from './scan-registry.js';
import type { ScanSnapshot } from './scan-snapshot.js';
import { calibrate, type CalibrationResult } from './calibration.js';
import type { StrategyCostModel } from '../scheduling/cost-model.js';
import type { CrossScanOrder } from '../scheduling/dispatcher.js';
import type { PoolTimeline } from '../scheduling/pool-timeline.js';
import { planScan, type SchedulingPolicy } from '../scheduling/scan-plan.js';
import { createStrategyRunner } from './strategy-runner.js';
import { StrategyPool } from './strategy-pool.js';
import { scanGraceMs } from './strategy-task.js';

export interface SchedulingOptions {
  /** Consecutive hard kills that quarantine a strategy (default 3; 0 = off). */
  quarantineAfter?: number;
  /** Warm workers beyond `threads` (default 1). */
  spareThreads?: number;
}

/**
 * Switches that replace the engine's own scheduling by the orders it is compared against. Benchmarks and tests set them
 * (bench/lib/engine.ts, through src/build-engine.ts); production never does, and no configuration names them.
 */
export interface HarnessOptions {
  /** Within a scan: the engine's plan (default) or a fixed order. */
  policy?: SchedulingPolicy;
  /** Across scans: earliest deadline first (default) or arrival order. */
  crossScan?: CrossScanOrder;
  /** Split chunked strategies into parallel tasks (default true). */
  chunking?: boolean;
}

export interface ScanServiceOptions {
  market: MarketData;
  /** Pool size (min = max); default: available parallelism. */
  threads?: number;
  /** Stop flag → hard abort grace, ms (default 50). */
  graceMs?: number;
  /** Per-worker heap limit, MiB. */
  workerHeapMb?: number;
  resultTtlMs?: number;
  maxRetained?: number;
  /** The heap finished scans may hold, by estimated weight (src/core/retained-weight.ts). */
  maxRetainedBytes?: number;
  /** Strategy catalogue module URL (tests and benchmarks swap in fixtures). */
  catalogueUrl?: string;
  scheduling?: SchedulingOptions;
  /** Benchmarks and tests only. */
  harness?: HarnessOptions;
  clock?: RegistryClock;
  inspectorFor?: (scanId: string) => ((event: InspectionEvent) => void) | undefined;
  onFinish?: (snapshot: ScanSnapshot) => void;
  /** This process's instance id, named in every snapshot (default: none). */
  instanceId?: string;
  onDrop?: (scanId: string) => void;
  onQuarantine?: (strategy: string, quarantined: boolean, hardKills: number) => void;
  onError?: (err: unknown, context: { scanId?: string }) => void;
}

/** Whether any strategy of a new scan could start before its deadline, predicted from the work ahead and the learned costs. */
export interface AdmissionPrediction {
  admit: boolean;
  /** Predicted ms until a worker thread is free for the scan. */
  predictedWaitMs: number;
}

export interface ScanService {
  readonly market: MarketData;
  readonly pool: StrategyPool;
  readonly registry: ScanRegistry;
  /** Learned strategy run times, per this market and pool. */
  readonly costModel: StrategyCostModel;
  /** What the pool did lately, for the /debug pool view. */
  readonly poolTimeline: PoolTimeline;
  /** Predicts whether a scan of this budget, created now, could start any strategy before its deadline. */
  admission(request: Pick<ScanRequest, 'strategies' | 'budgetMs' | 'params'>): AdmissionPrediction;
  /** Runs every strategy not yet measured once in the background, on threads no scan wants. */
  calibrate(strategies: readonly string[], params: StrategyParams): Promise<CalibrationResult[]>;
  /** Cancels running scans, stops every actor and closes the pool. */
  close(): Promise<void>;
}

export const DEFAULT_RESULT_TTL_MS = 300_000;
export const DEFAULT_MAX_RETAINED = 10_000;
/**
 * The heap finished scans may hold by default: 256 MiB, about 2,200 real default-market scans or 1,250 heavy-market ones
 * by their estimated weight (src/core/retained-weight.ts), and the count bound above for light ones.
 */
export const DEFAULT_MAX_RETAINED_BYTES = 256 * 1024 * 1024;

export function createScanService(options: ScanServiceOptions): ScanService {
  const onError = options.onError ?? (() => undefined);
  const scheduling = options.scheduling ?? {};
  const harness = options.harness ?? {};
  const pool = new StrategyPool({
    market: options.market,
    threads: options.threads,
    graceMs: options.graceMs,
    catalogueUrl: options.catalogueUrl,
    workerHeapMb: options.workerHeapMb,
    policy: harness.policy,
    crossScan: harness.crossScan,
    quarantineAfter: scheduling.quarantineAfter,
    spareThreads: scheduling.spareThreads,
    chunking: harness.chunking,
    onQuarantine: options.onQuarantine,
    onError: (err) => onError(err, {}),
  });
  const { costModel, dispatcher, quarantine } = pool;

  const planFor = (request: ScanRequest, createdAt: number): ScanPlanInfo => {
    const symbols = request.params.symbols.length;
    const expectedMs = Object.fromEntries(request.strategies.map((id) => [id, costModel.expectedMs(id, symbols) ?? null]));
    const items = request.strategies.map((strategy) => ({
      strategy,
      expectedMs: costModel.expectedOrPriorMs(strategy, symbols),
      parts: pool.partsFor(strategy, symbols),
      quarantined: quarantine.isQuarantined(strategy),
    }));
    const deadlineAt = createdAt + request.budgetMs;
    const waitMs = dispatcher.predictWaitMs(deadlineAt);
    const windowMs = request.budgetMs - scanGraceMs(request.budgetMs, pool.graceMs) - waitMs;
    const plan = planScan(items, pool.threads, windowMs, { policy: dispatcher.policy });
    return {
      policy: plan.policy,
      predictedFinishAt: plan.fits.size > 0 ? Math.round(createdAt + waitMs + plan.makespanMs) : null,
      expectedMs,
      quarantined: items.filter((i) => i.quarantined).map((i) => i.strategy),
    };
  };

  const registry = new ScanRegistry({
    machine: scanMachine.provide({ actors: { runStrategy: createStrategyRunner(pool) } }),
    resultTtlMs: options.resultTtlMs ?? DEFAULT_RESULT_TTL_MS,
    maxRetained: options.maxRetained ?? DEFAULT_MAX_RETAINED,
    maxRetainedBytes: options.maxRetainedBytes ?? DEFAULT_MAX_RETAINED_BYTES,
    clock: options.clock,
    inspectorFor: options.inspectorFor,
    planFor,
    onFinish: options.onFinish,
    instance: options.instanceId,
    onDrop: options.onDrop,
    onActorError: (scanId, err) => onError(err, { scanId }),
  });
  return {
    market: options.market,
    pool,
    registry,
    costModel,
    poolTimeline: pool.timeline,
    admission(request) {
      const now = wallNow();
      const stopAt = now + request.budgetMs - scanGraceMs(request.budgetMs, pool.graceMs);
      const predictedWaitMs = dispatcher.predictWaitMs(now + request.budgetMs);
      return { admit: now + predictedWaitMs < stopAt, predictedWaitMs: Math.round(predictedWaitMs) };
    },
    calibrate: (strategies, params) => calibrate(pool, strategies, params),
    async close() {
      registry.clear();
      await pool.close();
    },
  };
}
