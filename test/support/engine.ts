// Cores for the engine tests over the fixture strategies. A core (pool and registry) comes from the one builder,
// src/build-engine.ts, so a registry test runs the registry production runs (its planner, its retained-bytes bound), not one
// assembled here. The StrategyPool class is also handed out alone, as the unit its own tests test.
import { afterEach } from 'vitest';
import { buildCore, type EngineHooks, type LowLevelOptions } from '../../src/build-engine.js';
import type { ScanRegistry } from '../../src/core/scan-registry.js';
import type { ScanService } from '../../src/core/scan-service.js';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { StrategyPool, type StrategyPoolOptions, type StrategyTaskRequest } from '../../src/core/strategy-pool.js';
import { emptyMarket } from '../../workers/market-data.js';
import { fixtureCatalogueUrl, fixtureConfig, fixtureScanRequest } from '../fixtures/fixture-engine.js';

export { fixtureCatalogueUrl };
/** A scan request for the registry (see test/fixtures/fixture-engine.ts). */
export const scanRequest = fixtureScanRequest;

/** The retention these tests were written against (production keeps 5 minutes and 10,000 scans): set unless `env` says. */
const TEST_RETENTION = { SCANNER_RESULT_TTL_MS: '60000', SCANNER_MAX_RETAINED: '1000' };

/**
 * The pool and registry as production builds them (src/build-engine.ts), over the fixture strategies and a market of no
 * symbols: `env` read like the process environment (2 threads, 50 ms grace unless set). Close it with `core.close()`.
 */
export function createFixtureCore(env: Record<string, string> = {}, hooks: EngineHooks = {}, lowLevel: LowLevelOptions = {}): ScanService {
  return buildCore(fixtureConfig({ ...TEST_RETENTION, ...env }), emptyMarket(), hooks, lowLevel);
}

/**
 * Builds cores like `createFixtureCore` (`defaults` under each call's `env`) and closes each after the test that built
 * it, so a failing test leaves no workers behind. Call it at the top of a file or a describe: it registers the afterEach.
 */
export function coresClosedAfterEach(defaults: Record<string, string> = {}): (env?: Record<string, string>, hooks?: EngineHooks, lowLevel?: LowLevelOptions) => ScanService {
  const open: ScanService[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((core) => core.close()));
  });
  return (env = {}, hooks = {}, lowLevel = {}) => {
    const core = createFixtureCore({ ...defaults, ...env }, hooks, lowLevel);
    open.push(core);
    return core;
  };
}

/** A StrategyPool alone: the unit under test of the pool's own tests, not an engine (engines and cores: src/build-engine.ts). */
export function createFixturePool(options: Partial<StrategyPoolOptions> = {}): StrategyPool {
  return new StrategyPool({ threads: 2, graceMs: 50, catalogueUrl: fixtureCatalogueUrl, market: emptyMarket(), ...options });
}

/** Resolves with the scan's final snapshot (the registry reports it to onFinish; here we poll its listener). */
export function waitForFinal(registry: ScanRegistry, id: string): Promise<ScanSnapshot> {
  return new Promise((resolve) => {
    const now = registry.snapshot(id);
    if (now?.done) return resolve(now);
    registry.subscribe(id, (snapshot) => {
      if (snapshot.done) resolve(snapshot);
    });
  });
}

/** One strategy task for the pool directly: one symbol, 10 s to the scan deadline, the timeout given or 5 s. */
export function taskRequest(strategy: string, overrides: Partial<StrategyTaskRequest> = {}): StrategyTaskRequest {
  return {
    scanId: 'scan-under-test',
    strategy,
    params: { symbols: ['AAA'], portfolio: {} },
    strategyTimeoutMs: 5_000,
    budgetMs: 10_000,
    scanDeadlineAt: Date.now() + 10_000,
    ...overrides,
  };
}
