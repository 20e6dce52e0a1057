// The engine's public facade: one strategy pool and one scan registry over one market snapshot.
// The HTTP app, the CLI and the benchmarks all build on this.
import type { InspectionEvent } from 'xstate';
import { scanMachine } from '../machines/scan-machine.js';
import type { MarketData } from '../workers/market-data.js';
import { ScanRegistry, type RegistryClock } from './scan-registry.js';
import type { ScanSnapshot } from './scan-snapshot.js';
import { StrategyCostModel } from './strategy-cost-model.js';
import { createStrategyRunner } from './strategy-runner.js';
import { StrategyPool } from './strategy-pool.js';

export interface ScanServiceOptions {
  market: MarketData;
  /** Pool size (min = max); default: available parallelism. */
  threads?: number;
  /** Stop flag → hard abort grace, ms (default 50). */
  graceMs?: number;
  /** Per-worker heap limit, MiB. */
  maxWorkerHeapMb?: number;
  resultTtlMs?: number;
  maxRetained?: number;
  /** Strategy catalogue module URL (tests and benchmarks swap in fixtures). */
  catalogueUrl?: string;
  clock?: RegistryClock;
  inspectorFor?: (scanId: string) => ((event: InspectionEvent) => void) | undefined;
  onFinish?: (snapshot: ScanSnapshot) => void;
  onDrop?: (scanId: string) => void;
  onError?: (err: unknown, context: { scanId?: string }) => void;
}

export interface ScanService {
  readonly market: MarketData;
  readonly pool: StrategyPool;
  readonly registry: ScanRegistry;
  /** Learned strategy run times; scans queue their longest strategies first. */
  readonly costModel: StrategyCostModel;
  /** Cancels running scans, stops every actor and closes the pool. */
  close(): Promise<void>;
}

export const DEFAULT_RESULT_TTL_MS = 300_000;
export const DEFAULT_MAX_RETAINED = 10_000;

export function createScanService(options: ScanServiceOptions): ScanService {
  const onError = options.onError ?? (() => undefined);
  const pool = new StrategyPool({
    market: options.market,
    threads: options.threads,
    graceMs: options.graceMs,
    catalogueUrl: options.catalogueUrl,
    maxHeapMb: options.maxWorkerHeapMb,
    onError: (err) => onError(err, {}),
  });
  const costModel = new StrategyCostModel();
  const registry = new ScanRegistry({
    machine: scanMachine.provide({ actors: { runStrategy: createStrategyRunner(pool) } }),
    resultTtlMs: options.resultTtlMs ?? DEFAULT_RESULT_TTL_MS,
    maxRetained: options.maxRetained ?? DEFAULT_MAX_RETAINED,
    clock: options.clock,
    inspectorFor: options.inspectorFor,
    dispatchOrder: (strategies) => costModel.longestFirst(strategies),
    onFinish: (snapshot) => {
      costModel.observe(snapshot);
      options.onFinish?.(snapshot);
    },
    onDrop: options.onDrop,
    onActorError: (scanId, err) => onError(err, { scanId }),
  });
  return {
    market: options.market,
    pool,
    registry,
    costModel,
    async close() {
      registry.clear();
      await pool.close();
    },
  };
}
