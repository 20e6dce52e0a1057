// Builds the engine against the fixture strategies: a real Piscina pool, the real machine and registry.
import { scanMachine } from '../../machines/scan-machine.js';
import { compiledUrl } from '../../src/compiled-path.js';
import { ScanRegistry, type ScanRegistryOptions, type ScanRequest } from '../../src/scan-registry.js';
import type { ScanSnapshot } from '../../src/scan-snapshot.js';
import { createStrategyRunner } from '../../src/strategy-runner.js';
import { StrategyPool, type StrategyPoolOptions } from '../../src/strategy-pool.js';
import { emptyMarket } from '../../workers/market-data.js';

export const fixtureCatalogueUrl = compiledUrl('test/fixtures/fixture-catalogue');

export function createFixturePool(options: Partial<StrategyPoolOptions> = {}): StrategyPool {
  return new StrategyPool({ threads: 2, graceMs: 50, catalogueUrl: fixtureCatalogueUrl, market: emptyMarket(), ...options });
}

export function createFixtureRegistry(pool: StrategyPool, options: Partial<ScanRegistryOptions> = {}): ScanRegistry {
  return new ScanRegistry({
    machine: scanMachine.provide({ actors: { runStrategy: createStrategyRunner(pool) } }),
    resultTtlMs: 60_000,
    maxRetained: 1000,
    ...options,
  });
}

export function scanRequest(strategies: string[], overrides: Partial<ScanRequest> = {}): ScanRequest {
  return {
    userId: 'tester',
    strategies,
    budgetMs: 5_000,
    strategyTimeoutMs: 5_000,
    params: { symbols: ['AAA', 'BBB'], portfolio: {} },
    ...overrides,
  };
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
