// What the scheduling suite's parts share: a full real-strategy scan on a bench market, what a user got from one (counted
// from its final snapshot), the warm-up every compared engine gets, and waiting until a pool is back at rest.
import type { ScanRequest } from '../../../src/core/scan-registry.js';
import type { ScanSnapshot } from '../../../src/core/scan-snapshot.js';
import { realCatalogueUrl } from '../../lib/catalogue.js';
import { createObservedService, type BenchScheduling as SchedulingOptions, type ObservedService } from '../../lib/engine.js';
import type { BenchMarket } from '../../lib/market.js';

/** The request default for a strategy's own timeout; every budget here is below it, so the scan deadline decides. */
const STRATEGY_TIMEOUT_MS = 30_000;
/** A warm-up budget no full scan comes near (heavy's 14 strategies take about 6 s on two threads, 11 s on one). */
export const LOOSE_WARM_UP_BUDGET_MS = 30_000;
/** What a scan waits for its pool to be at rest (every worker alive, nothing running) before the next measurement. */
const SETTLE_LIMIT_MS = 2_000;

/** Every strategy of the catalogue over every symbol of the market, with the demo portfolio: a default request. */
export function fullScan(bench: BenchMarket, strategies: readonly string[], budgetMs: number, userId = 'bench'): ScanRequest {
  return { userId, strategies: [...strategies], budgetMs, strategyTimeoutMs: STRATEGY_TIMEOUT_MS, params: bench.params };
}

/** What one scan gave its user. */
export interface ScanCounts {
  state: string;
  succeeded: number;
  /** Stopped at the deadline: truncated results, counted apart from successes. */
  timedOut: number;
  failed: number;
  /** Never started; `wouldMiss` of them because the planner left them out (WOULD_MISS_DEADLINE). */
  skipped: number;
  wouldMiss: number;
  /** The plan the engine reported when it created the scan (longest_first, most_finished, or a fixed order). */
  plan: string | null;
}

export function countOutcomes(snapshot: ScanSnapshot): ScanCounts {
  return {
    state: snapshot.state,
    succeeded: snapshot.progress.succeeded,
    timedOut: snapshot.progress.timedOut,
    failed: snapshot.progress.failed,
    skipped: snapshot.progress.skipped,
    wouldMiss: snapshot.strategies.filter((s) => s.status === 'skipped' && s.error?.code === 'WOULD_MISS_DEADLINE').length,
    plan: snapshot.plan?.policy ?? null,
  };
}

/** A service under measurement, and how many workers its pool has at rest (threads + warm spares). */
export interface BenchEngine {
  service: ObservedService;
  workers: number;
}

/** Wraps a new service; Piscina starts all its workers in its constructor, so the count now is the count at rest. */
export function benchEngine(service: ObservedService): BenchEngine {
  return { service, workers: service.pool.stats.workers };
}

/** A scan service over a real market and the real strategies, with the scheduling options under comparison. */
export function realEngine(bench: BenchMarket, threads: number, graceMs: number, scheduling: SchedulingOptions): BenchEngine {
  return benchEngine(createObservedService({ market: bench.market, threads, graceMs, catalogueUrl: realCatalogueUrl(), scheduling }));
}

/** Runs one scan to its final state and waits until the pool is at rest again. */
export async function scanOnce(engine: BenchEngine, request: ScanRequest): Promise<ScanCounts> {
  const { snapshot } = await engine.service.finished(engine.service.registry.create(request));
  await settle(engine);
  return countOutcomes(snapshot);
}

/**
 * The same warm-up for every engine under comparison: two unmeasured full scans at a loose budget (every strategy
 * finishes, so each cost is learned twice, on warm JIT the second time) and one at a tight budget (runs stopped at the
 * deadline teach the model lower bounds).
 */
export async function warmUp(engine: BenchEngine, bench: BenchMarket, strategies: readonly string[], tightBudgetMs: number): Promise<void> {
  for (let i = 0; i < 2; i++) await scanOnce(engine, fullScan(bench, strategies, LOOSE_WARM_UP_BUDGET_MS));
  await scanOnce(engine, fullScan(bench, strategies, tightBudgetMs));
}

/**
 * Waits until no task runs and every worker is alive (a hard abort terminates a worker; its replacement's start-up must
 * not land in the next engine's measurement). Gives up after a bound: the measurement then proceeds, as a user's would.
 */
export async function settle(engine: BenchEngine): Promise<boolean> {
  const limit = performance.now() + SETTLE_LIMIT_MS;
  while (performance.now() < limit) {
    const stats = engine.service.pool.stats;
    if (stats.running === 0 && stats.queued === 0 && stats.workers >= engine.workers) return true;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return false;
}
